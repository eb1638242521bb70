## Opening and closing tickets.

ticket-opened = Your ticket is open: { $channel }
ticket-welcome-no-subject = No subject given
ticket-welcome-body = Thank you for contacting support, { $user }.
    Please describe your issue and wait for a response.
ticket-close-button = Close
ticket-close-reason-button = Close With Reason
ticket-claim-button = Claim
ticket-claimed = { $user } claimed this ticket and will help you.
ticket-close-reason-modal-title = Close this ticket
ticket-form-answers = Answers
help-intro = Commands you can use here:
about-text = tickets { $version }: a self-hostable support-ticket bot. Open a ticket with /open or from a panel; the staff answer you in a private channel.
blacklist-barred = { $who } can no longer open tickets here.
blacklist-freed = { $who } may open tickets again.
ticket-close-reason-label = Why is the ticket being closed?
ticket-closing = Closing this ticket…
ticket-close-confirm = Are you sure you want to close this ticket?
ticket-close-confirm-button = Close
ticket-closed-by = Closed by { $user }
ticket-close-reason = Reason

## Errors shown to members, as ephemeral replies.

error-ticket-limit = You already have { $open } open { $open ->
        [one] ticket
       *[other] tickets
    }; the limit in this server is { $limit }. Close one before opening another.
error-not-a-ticket = This command only works inside a ticket channel.
error-ticket-already-closed = This ticket is already closed.
error-close-staff-only = Only the staff can close tickets in this server. Ask them when you are done.
error-claim-not-allowed = Only the staff can claim tickets.
error-already-claimed = This ticket is already claimed by { $user }.
error-close-not-allowed = Only the person who opened this ticket and the staff can close it.
error-guild-only = This command can only be used in a server.
error-double-click-opened = You just opened a ticket: { $channel }
error-double-click-opening = Your ticket is being opened; the link follows in a moment. Please do not click again.
error-panel-not-found = This panel no longer exists. Ask an admin to send it again from the dashboard.
error-admin-only = Only the bot admins of this server can do that. The server owner can make you one with /addadmin.
error-staff-only = Only the support staff of this server can do that. A bot admin can add you with /addsupport.
error-blacklisted = You are not allowed to open tickets or use this bot in this server. If you think this is a mistake, ask the server's staff.
error-form-not-found = This form no longer exists.
error-panel-disabled = This panel is switched off at the moment, so it cannot open tickets. Please try again later or ask the staff.
error-open-command-disabled = Tickets cannot be opened with /open in this server. Please use one of the ticket panels instead.
error-open-abandoned = Discord took too long to create your ticket, so it was cancelled. Please try again.
error-discord-unavailable = Discord did not accept the request ({ $detail }). Nothing was created; please try again in a moment.
error-bot-missing-permission = I am missing the { $permission } permission in { $place }. Ask an admin to grant it, then try again.
error-category-full = The ticket category is full ({ $limit } channels is Discord's limit). Ask an admin to set an overflow category or close old tickets.
error-guild-full = This server has reached Discord's limit of { $limit } channels. Ask an admin to delete some channels.
error-internal = Something went wrong on our side. The staff have been told; please try again.
error-unknown-command = This command is not available any more. Please try again in a minute.
error-interaction-repeated = This request was already received and is not carried out twice. If nothing happened, please try again.

## Slash commands: names are fixed by Discord; these are their descriptions.

command-open-description = Open a new ticket
command-open-subject = What the ticket is about
command-close-description = Close this ticket
command-close-reason = Why the ticket is being closed
command-reopen-description = Reopen a closed thread ticket
command-reopen-ticket-id = The number of the ticket
command-help-description = List the commands you can use
command-about-description = What this bot is
command-vote-description = Why there is nothing to vote for on this bot
command-premium-description = Which premium features this bot has
command-blacklist-description = Bar a member or a role from using the bot here, or lift the bar
command-blacklist-user-or-role = The member or role

## Names used inside other messages.

permission-manage-channels = Manage Channels
permission-send-messages = Send Messages
permission-create-private-threads = Create Private Threads
permission-manage-threads = Manage Threads
permission-unknown = required
place-ticket-category = the ticket category
place-this-channel = this channel
place-panel-channel = the panel's channel

## Welcome-message placeholders whose data does not exist yet.

placeholder-no-ratings = no ratings yet
placeholder-no-responses = no responses yet
placeholder-unclaimed = nobody yet
error-notes-thread-mode = /notes cannot be used in this ticket: it is a thread, and Discord does not allow a thread inside a thread. Notes work in tickets opened as channels.
vote-text = There is nothing to vote for: votes earn premium features on the hosted bot, and this server runs its own copy of the bot, which has every feature already.
premium-text = This bot is self-hosted, so every feature is unlocked for this server: there is no premium to buy or activate.

## Durations in words (response times, autoclose).
duration-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
duration-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
duration-seconds = { $n ->
    [one] 1 second
   *[other] { $n } seconds
}
duration-under-a-second = under a second
