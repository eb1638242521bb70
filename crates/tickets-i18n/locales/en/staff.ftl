# Staff: admins, support, teams, claiming and working tickets.

command-addadmin-description = Make a member or a role a bot admin (full control, dashboard included)
command-addadmin-target = The member or role
command-addsupport-description = Make a member or a role support staff (the Default team)
command-addsupport-target = The member or role
command-removeadmin-description = Take bot admin away from a member or a role
command-removeadmin-target = The member or role
command-removesupport-description = Take support staff away from a member or a role
command-removesupport-target = The member or role
command-viewstaff-description = List the bot admins and support staff
command-claim-description = Take this ticket: you handle it from now on
command-unclaim-description = Give this ticket back to all of its staff
command-transfer-description = Hand your claim on this ticket to another staff member
command-transfer-user = The staff member who takes over
command-add-description = Bring a member or a role into this ticket
command-add-target = The member or role
command-remove-description = Take a member or a role out of this ticket
command-remove-target = The member or role
command-rename-description = Rename this ticket's channel (twice per 10 minutes at most)
command-rename-name = The new name
command-switchpanel-description = Move this ticket to another panel: its category and staff change
command-switchpanel-panel = The panel
command-jumptotop-description = A link to the start of this ticket

staff-confirm-admin = Make { $who } a bot admin? Admins control every setting of the bot here, the dashboard included, and see every ticket.
staff-confirm-support = Make { $who } support staff? They will see and answer the tickets of the Default team.
staff-confirm-button = Confirm
staff-now-admin = { $who } is now a bot admin.
staff-now-support = { $who } is now support staff.
staff-already-admin = { $who } was already a bot admin.
staff-already-support = { $who } was already support staff.
staff-removed-admin = { $who } is no longer a bot admin.
staff-removed-support = { $who } is no longer support staff.
staff-not-admin = { $who } is not a bot admin, so nothing changed.
staff-not-support = { $who } is not support staff, so nothing changed. Admins are removed with /removeadmin.
staff-list-title = Staff (page { $page } of { $pages })
staff-list-admin = Admins
staff-list-support = Support
staff-page-previous = Previous
staff-page-next = Next

ticket-unclaimed = { $user } gave this ticket back: all of its staff can answer again.
ticket-transferred = The claim on this ticket went from { $from } to { $to }.
ticket-member-added = { $who } was added to this ticket.
ticket-member-already-in = { $who } can already see this ticket.
ticket-member-removed = { $who } was removed from this ticket.
ticket-member-not-in = { $who } was not added to this ticket, so nothing changed.
ticket-renamed = This ticket is now called { $name }.
ticket-switched-panel = This ticket now belongs to the panel { $panel }.
ticket-jump-text = The first message of this ticket:
ticket-jump-button = Jump to the top

error-not-claimed = This ticket is not claimed.
error-not-your-claim = This ticket is claimed by { $user }: only they or a bot admin can change that.
error-claim-changed = Someone changed this ticket's claim at the same moment. Look at the channel and try again if needed.
error-transfer-not-staff = A claim can only go to another staff member who works this ticket.
error-owner-is-admin = The server owner is always a bot admin; that cannot be taken away.
error-team-not-found = This team does not exist in this server.
error-cannot-remove-opener = The member who opened this ticket cannot be removed from it. Close the ticket instead.
error-rename-limited = Discord allows two renames of a channel every 10 minutes. You can rename this ticket again { $when }.
error-no-messages = This ticket has no messages yet.

start-ticket-quote-title = The message
start-ticket-quote = { $by } started this ticket about a message from { $user }:
start-ticket-moved = This conversation continues in { $channel }.
