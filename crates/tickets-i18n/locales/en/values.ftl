## Why a value typed into a command, a dashboard form or the API was refused. { $field } is one
## of the field names below.

value-too-long = { $field } is { $actual } characters long; the limit is { $max }. Please shorten it.
value-out-of-range = { $field } must be a whole number from { $min } to { $max }.
value-empty = { $field } must not be empty.
value-too-many = { $field } can hold at most { $max } entries. Please remove some.
value-invalid-colour = { $field } must be a colour written like #5865F2.
value-invalid-choice = { $field } must be one of the offered choices.
value-invalid-image-url = { $field } must be the http(s) address of a .png, .jpg, .jpeg, .gif or .webp image.
value-invalid-emoji = { $field } must be a single emoji, or a custom emoji of this server written like <:name:id>.
value-duplicate = { $field } lists the same entry twice. Please remove the repeat.
value-taken = { $field } is already used in this server. Please choose another.
value-reserved = { $field } is kept for the bot's own use. Please choose another.
value-everyone = { $field } cannot be @everyone: name a member or a specific role.
value-min-above-max = { $field } must not be larger than the maximum length.
value-invalid-mention = { $field } must list @here, roles and members (here, role:ID, user:ID, or mentions like <@&ID>).

## Field names, as they start a sentence.

field-subject = The subject
field-reason = The reason
field-ticket-limit = The ticket limit
field-panel-title = The title
field-panel-content = The content
field-colour = The colour
field-button-style = The button colour
field-button-label = The button text
field-welcome-message = The welcome message
field-large-image-url = The large image URL
field-small-image-url = The small image URL
field-mention-on-open = Mention on open
field-naming-scheme = The naming scheme
field-channel = The channel
field-category = The category
field-overflow-category = The overflow category
field-open-command-category = The /open category
field-transcripts-channel = The transcripts channel
field-language = The language
field-form-name = The form's name
field-form-inputs = A form
field-form = The form
field-input-label = The question
field-input-placeholder = The placeholder
field-input-style = The input style
field-input-min-length = The minimum length
field-input-max-length = The maximum length
field-select-placeholder = The select menu's placeholder
field-panels = The panels
field-emoji = The button emoji
field-input-options = The options
field-blacklist-target = The role
field-blacklist-id = The id
field-blacklist-kind = The kind
field-team-name = The team's name
field-team = The team
field-target = The member or role
field-teams = The support teams
field-claim-mode = The claim setting
field-channel-name = The new name
field-context-menu-panel = The panel of Start Ticket
field-notification-channel = The ticket notification channel
field-close-delay = The close delay
