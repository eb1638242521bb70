## The web dashboard.

dash-nav-servers = Your servers
dash-nav-settings = Settings
dash-nav-panels = Panels
dash-nav-forms = Forms
dash-nav-blacklist = Blacklist
dash-nav-multi-panels = Multi-panels
dash-not-found = Not found
dash-not-found-text = There is no such page, or you are not an admin of this server.
dash-saved = Saved.
dash-save = Save
dash-errors = Some values need fixing; see the messages next to the fields.
dash-none = (none)
dash-discord-failed = Discord did not answer ({ $detail }). Nothing was changed; please try again.

## Settings page.

dash-settings-title = Settings of { $server }
dash-general = General
dash-closing = Closing
dash-claiming = Claiming
dash-claim-mode = When a ticket is claimed
dash-claim-mode-view-only = All staff can see it, only the claimer can reply
dash-claim-mode-view-and-type = All staff can see it and reply
dash-claim-mode-hidden = Only the claimer (and the bot admins) can see it
dash-ticket-limit = Tickets one member may have open at once (staff are immune)
dash-language = Language
dash-language-auto = Each member's own language
dash-allow-users-close = Members may close their own tickets
dash-close-confirmation = Ask for confirmation before closing
dash-feedback-enabled = Ask members to rate the support they got
dash-tickets = Tickets
dash-ticket-category = Channel category
dash-overflow-category = Overflow category (used when the category holds 50 channels)
dash-transcripts-channel = Transcripts channel
dash-store-transcripts = Keep transcripts of closed tickets
dash-hide-claim-button = Hide the Claim button
dash-naming-scheme = Naming scheme
dash-naming-number = ticket-number (ticket-1)
dash-naming-username = ticket-username (ticket-alice)
dash-naming-custom = Custom scheme
dash-naming-server = The server's naming scheme
dash-naming-custom-text = Custom scheme (placeholders: %id%, %id_padded%, %username%, %nickname%, %claimed%)
dash-welcome-message = Welcome message (placeholders allowed; empty for the default)
dash-open-command = The /open command
dash-open-command-enabled = Members may open tickets with /open
dash-open-command-category = Category of tickets opened with /open (none: the channel category)
dash-open-command-welcome = Welcome message of tickets opened with /open (empty: the server's)
dash-ticket-permissions = Ticket permissions of the member who opens the ticket
dash-perm-attach-files = Attach files
dash-perm-embed-links = Embed links
dash-perm-add-reactions = Add reactions

## Panels page.

dash-panels-title = Panels of { $server }
dash-panels-empty = No panel yet. Create one below: its message appears in the channel you choose.
dash-panel-new = New panel
dash-panel-edit = Edit panel
dash-panel-create = Create
dash-panel-edit-button = Edit
dash-panel-delete = Delete
dash-panel-resend = Resend
dash-panel-not-posted = Its message is not in Discord (deleted?). Use Resend to post it again.
dash-panel-title = Title
dash-panel-content = Content
dash-panel-colour = Colour
dash-panel-channel = Channel to post the panel in
dash-panel-category = Ticket category (none: the server's)
dash-panel-awaiting-category = Awaiting user response: the category a ticket channel moves to 10 minutes after the staff's last message, until its opener answers (channel mode only; none: off)
dash-panel-button-style = Button colour
dash-panel-button-label = Button text (empty: the title)
dash-panel-style-primary = Blurple
dash-panel-style-secondary = Grey
dash-panel-style-success = Green
dash-panel-style-danger = Red
dash-panel-emoji = Button emoji (an emoji such as 📩, or a custom emoji of this server written <:name:id>)
dash-panel-welcome = Welcome message (empty: the server's)
dash-panel-mention = Mention on open (here, role:ID, user:ID, separated by spaces)
dash-panel-large-image = Large image URL
dash-panel-small-image = Small image URL
dash-panel-disabled = Disabled (the button refuses to open tickets)
dash-panel-preview = Preview
dash-panel-created = The panel was created and posted.
dash-panel-updated = The panel was updated.
dash-panel-deleted = The panel was deleted.
dash-panel-resent = The panel was posted again.
dash-panel-form = Form asked before the ticket opens
dash-panel-no-form = No form
dash-panel-mode = Tickets open as
dash-panel-mode-server = The server's setting (channels or threads)
dash-panel-mode-channels = Channels
dash-panel-mode-threads = Private threads in the panel's channel

## Forms page.

dash-forms-title = Forms of { $server }
dash-forms-empty = No form yet. A form asks members up to five questions before their ticket opens; give it a name to start.
dash-form-name = Name (shown as the title of the form)
dash-form-create = Create form
dash-form-delete = Delete this form
dash-question = Question
dash-input-label = Question (empty: not asked)
dash-input-placeholder = Placeholder
dash-input-style = Answer
dash-input-short = One line
dash-input-paragraph = Several lines
dash-input-select = One of a list
dash-input-options = Options of a list question, one per line (at most 25)
dash-input-required = An answer is required
dash-input-min = Minimum length
dash-input-max = Maximum length

## Multi-panels page.

dash-multi-panels-title = Multi-panels of { $server }
dash-multi-panel-panels = Panels offered (two or more)
dash-multi-panel-select = Offer them in a select menu instead of buttons
dash-multi-panel-placeholder = Select menu placeholder

## Blacklist page.

dash-blacklist-title = Blacklist of { $server }
dash-blacklist-empty = Nobody is barred. Members and roles listed here cannot open tickets.
dash-blacklist-member = Member
dash-blacklist-role = Role
dash-blacklist-kind = Or bar by id a
dash-blacklist-id = Id (Discord: right-click the member or role, Copy ID)
dash-blacklist-add = Bar
dash-blacklist-remove = Remove

dash-nav-teams = Staff Teams
dash-teams-title = Staff teams of { $server }
dash-team-default = Default team
dash-team-default-text = The bot's admins and support staff. Admins control everything, the dashboard included; support staff work the tickets of every panel that uses the Default team. The server owner is always an admin.
dash-team-level = Level
dash-team-level-admin = Admin
dash-team-level-support = Support
dash-team-role = Role
dash-team-no-role = (choose a role, or type a member's id below)
dash-team-member-id = Or a member's id (Discord: right-click the member, Copy ID)
dash-team-add = Add to team
dash-team-remove = Remove
dash-team-empty = Nobody is in this team yet.
dash-team-delete = Delete team
dash-team-create = Create a team
dash-team-name = Name
dash-team-create-button = Create
dash-panel-teams = Support teams (who sees and works its tickets; none ticked means the Default team)
dash-context-menu = Start Ticket (a message's Apps menu)
dash-context-level = Who may use it
dash-level-everyone = Everyone
dash-level-support = Support staff and admins
dash-level-admin = Admins only
dash-context-add-sender = Add the message's sender to the ticket (and tell them where the conversation went)
dash-context-panel = Use the settings of the panel
dash-context-panel-none = (the /open command's settings)
dash-thread-mode = Thread mode
dash-thread-mode-about = In thread mode a ticket is a private thread in its panel's channel: no limit of 50 channels per category or 500 per server, tickets can be reopened, and staff join from the notification channel or are pinged in while on call. Claiming, /switchpanel and /notes work only in channel mode. A panel may choose its own mode.
dash-thread-mode-enabled = Open tickets as private threads
dash-notification-channel = Ticket notification channel
dash-open-thread-channel = Channel for /open tickets in thread mode

dash-nav-tags = Tags
dash-tags-title = Tags of { $server }
dash-tags-empty = No tag yet. Staff send tags with /tag; create one below.
dash-tag-new = New tag
dash-tag-edit = Edit the tag
dash-tag-id = Id (what staff type after /tag)
dash-tag-content = Message text (placeholders such as %user% work)
dash-tag-use-embed = Send an embed
dash-tag-embed = Embed
dash-embed-colour = Colour (#RRGGBB)
dash-embed-title = Title
dash-embed-title-url = Title link
dash-embed-description = Description
dash-embed-author-name = Author name
dash-embed-author-icon-url = Author icon URL
dash-embed-author-url = Author link
dash-embed-image-url = Large image URL
dash-embed-thumbnail-url = Small image URL
dash-embed-footer-text = Footer text
dash-embed-footer-icon-url = Footer icon URL
dash-embed-timestamp = Footer time (UTC)
dash-embed-fields = Fields
dash-embed-field-name = Field name
dash-embed-field-value = Field value
dash-embed-field-inline = Inline (beside the fields next to it)
dash-blacklist-role-choice = Bar a role of the server

dash-nav-tickets = Tickets
dash-tickets-title = Open tickets of { $server }
dash-tickets-empty = No open ticket that you work.
dash-tickets-opener = Opened by (id)
dash-tickets-panel = Panel
dash-tickets-claimed = Claimed by (id)
dash-tickets-opened = Opened
dash-tickets-open-command = /open
dash-tickets-open-in-discord = Open in Discord
dash-tickets-view = View

# The live view of an open ticket.
dash-ticket-view-title = Ticket #{ $number }
dash-ticket-view-back = All open tickets
dash-ticket-view-live = New messages appear here as they are sent.
dash-ticket-view-stale = Messages changed in Discord: reload the page to see them as they are now.
dash-ticket-view-reload = Reload
dash-ticket-view-reply = Reply as the bot, under your name
dash-ticket-view-send = Send
dash-ticket-view-close = Close
dash-ticket-view-close-reason = Reason for closing
dash-ticket-view-close-with-reason = Close with reason
dash-ticket-view-closing = The ticket is closed. Its transcript is being kept, then its channel is removed.
field-ticket-reply = The reply
error-ticket-not-found = There is no open ticket of that number that you work.

# The Transcripts page.
dash-nav-transcripts = Transcripts
dash-transcripts-ticket = Ticket
dash-transcripts-opener = Opened by (id)
dash-transcripts-panel = Panel (id)
dash-transcripts-closed-by = Closed by (id)
dash-transcripts-claimed-by = Claimed by (id)
dash-transcripts-reason = Close reason
dash-transcripts-from = Closed from
dash-transcripts-until = Closed until
dash-transcripts-filter = Filter
dash-transcripts-clear = Clear
dash-transcripts-empty = No transcript matches.
dash-transcripts-rating = Rating
dash-transcripts-no-rating = -
dash-transcripts-closed = Closed
dash-transcripts-view = View
dash-transcripts-delete = Delete
dash-transcripts-older = Older transcripts
