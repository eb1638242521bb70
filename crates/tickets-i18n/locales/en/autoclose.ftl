## Automatic closing: /autoclose configure, the warning before a ticket closes by itself, and the
## dashboard's Auto Close card.

command-autoclose-enabled = Whether any automatic closing works
command-autoclose-since-open = Close when the opener wrote nothing this long after opening, e.g. 1d 6h (0 turns it off)
command-autoclose-since-last-message = Close when nobody wrote anything this long, e.g. 2h (0 turns it off)
command-autoclose-on-user-leave = Close a ticket when its opener leaves the server

autoclose-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
autoclose-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
autoclose-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
autoclose-off = off
autoclose-on = on

autoclose-configured = Auto Close settings:
autoclose-line-enabled = Enabled: { $value }
autoclose-line-since-open = Since open with no response: { $value }
autoclose-line-since-last-message = Since last message: { $value }
autoclose-line-on-user-leave = Close on user leave: { $value }
autoclose-members-intent-missing = Closing when the opener leaves needs the Server Members intent, which this bot does not use: its operator must turn it on in the Developer Portal and set discord.members_intent in the configuration.

autoclose-warning = { $opener } This ticket will close in { $time } for inactivity.
autoclose-keep-open = Keep it open
autoclose-kept-open = { $user } kept this ticket open: it will not close for inactivity for now.
autoclose-reason-inactivity = Inactivity
autoclose-reason-left = The opener left the server
error-keep-open-not-allowed = Only the member who opened this ticket and the staff can keep it open.

value-invalid-duration = { $field } must be a length of time such as 90m, 2h or 1d 6h, from 1 minute to 90 days (0 or off turns it off).
field-since-open = Since open with no response
field-since-last-message = Since last message
field-autoclose-warning = The warning's lead time
field-panel-since-open = A panel's since open with no response
field-panel-since-last-message = A panel's since last message
field-panel-on-user-leave = A panel's close on user leave

dash-autoclose = Auto Close
dash-autoclose-about = Close tickets by themselves. Before closing, a warning with a Keep it open button is posted in the ticket, by default a quarter of the rule's time before (at most a day). Tickets excluded with /autoclose exclude never close by themselves. Write times like 90m, 2h or 1d 6h; leave blank to turn a rule off.
dash-autoclose-enabled = Enabled
dash-autoclose-on-user-leave = Close On User Leave
dash-autoclose-since-open = Since Open With No Response
dash-autoclose-since-last-message = Since Last Message
dash-autoclose-warning = Warning lead time (blank: a quarter of the rule, at most a day)
dash-autoclose-panels = Per panel: blank follows the server, off turns the rule off for that panel's tickets.
dash-autoclose-panel = Panel
dash-autoclose-panel-leave-server = As the server
dash-autoclose-save = Save Auto Close
