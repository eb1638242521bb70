## The web pages outside a server's dashboard: home, login, errors.

web-login = Log in
web-login-with-discord = Log in with Discord
web-logout = Log out
web-home-title = Support tickets for your Discord server
web-home-text = Log in with Discord to configure the servers you administer.
web-servers = Your servers
web-signed-in-as = Signed in as { $user }.
web-no-servers = No server to show: you are not staff of a server the bot is in. Invite the bot, or ask the server owner to make you an admin or support staff, then log in again.
web-error-title = Something went wrong
web-error-text = Something went wrong on our side. Please try again in a moment.
web-login-not-configured = Login is not configured
web-login-not-configured-text = Set DISCORD_CLIENT_SECRET to the application's OAuth2 client secret to enable the dashboard login.
web-login-cancelled = Login cancelled
web-login-cancelled-text = Discord said: { $error }. You can try again.
web-login-failed = Login failed
web-login-incomplete = The link from Discord is incomplete. Please log in again.
web-login-expired = Login expired
web-login-expired-text = This login link was already used or is too old. Please log in again.
web-login-not-confirmed = Discord did not confirm the login. Please try again.
