## Thread mode: tickets as private threads, the notification channel, reopening.

thread-notification-title = New ticket #{ $number }
thread-notification-ticket = Ticket
thread-notification-opener = Opened by
thread-notification-panel = Panel
thread-notification-open-command = /open
thread-notification-subject = Subject
thread-notification-answers = Form answers
thread-notification-joined = Staff in the ticket
thread-notification-nobody = Nobody yet: press Join Ticket to be added.
thread-notification-closed = Closed
thread-join-button = Join Ticket
thread-joined = You were added to { $thread }.

ticket-reopened = { $opener }, your ticket was reopened by { $by }. You can write here again.
reopen-done = Ticket #{ $number } is open again: { $thread }.
reopen-choice = #{ $number }
reopen-choice-subject = #{ $number }: { $subject }

setup-threads-warnings = Thread mode needs attention:
thread-warning-send-in-threads = @everyone may not "Send Messages in Threads" in { $channel }, so members could not write in their tickets. Allow it for @everyone in that channel's permissions.
thread-warning-no-notification-channel = No ticket notification channel is set, so staff will not hear of new tickets or be able to join them. Choose one with /setup use-threads or on the dashboard's Settings page.
thread-warning-no-open-channel = /open opens private threads, but no channel is chosen for them. Choose one on the dashboard's Settings page ("Channel for /open tickets in thread mode"), or switch /open off.

error-thread-claim = Thread tickets cannot be claimed: Discord does not let a thread be hidden from other staff. Claiming works in channel mode only.
error-thread-switch-panel = Thread tickets cannot be moved to another panel: Discord does not allow threads to be moved. /switchpanel works in channel mode only.
error-open-thread-channel-missing = /open cannot open a ticket yet: tickets are private threads here, and no channel is chosen for them. An admin can choose one on the dashboard's Settings page.
error-reopen-channel-ticket = Channel tickets cannot be reopened once closed: their channel is deleted. Only thread-mode tickets can be reopened.
error-reopen-not-closed = That is not a closed ticket you work. /reopen suggests the closed thread tickets you may reopen.
error-reopen-limit = The ticket's opener already has { $open } open tickets, and this server allows { $limit }. One of them has to close before this one can reopen.
error-join-not-allowed = Only the staff of this ticket's panel can join it.
error-already-in-ticket = You are already in this ticket: { $thread }.

error-threads-full = This server has as many active threads as Discord allows, so no ticket thread can open now. Closing tickets (or archiving other threads) frees room; try again then.
