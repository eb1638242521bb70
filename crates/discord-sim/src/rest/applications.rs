//! `GET /oauth2/applications/@me` and `GET /applications/@me`: the bot's own application, which
//! client libraries such as discord.py read at every login (for the application id, owner and
//! flags), and which tells the bot whether it has the Message Content intent.

use serde_json::{Value, json};

use super::Handled;
use super::context::{Caller, Reply, Req};
use crate::errors::ApiError;
use crate::state::model::Application;
use crate::state::render;

/// `GET /oauth2/applications/@me`, for a bot token.
pub fn get_mine(req: &mut Req<'_>) -> Handled {
    let Caller::Bot { application_id, .. } = req.caller else {
        return Err(ApiError::unauthorized());
    };
    let world = req.sim.world();
    let app = world.application(application_id)?;
    let bot = render::user(world.user(app.bot_user_id)?);
    let guilds = world
        .guilds
        .values()
        .filter(|guild| guild.members.contains_key(&app.bot_user_id))
        .count();
    Ok(Reply::ok(render_application(app, bot, guilds)))
}

/// The application object with the fields Discord's spec requires.
fn render_application(app: &Application, bot: Value, guild_count: usize) -> Value {
    json!({
        "id": app.id.to_string(),
        "name": app.name,
        "icon": null,
        "description": "",
        "type": null,
        "bot": bot,
        "bot_public": true,
        "bot_require_code_grant": false,
        "verify_key": app.public_key_hex(),
        "flags": app.flags,
        "flags_new": app.flags.to_string(),
        "redirect_uris": app.redirect_uris,
        "interactions_endpoint_url": app.interactions_endpoint_url,
        "role_connections_verification_url": null,
        "owner": owner(app),
        "team": null,
        "approximate_guild_count": guild_count,
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "integration_types_config": {"0": {}},
        "eligible_oauth2_scopes": ["bot", "applications.commands"],
        "tags": [],
    })
}

/// The simulator has no developer accounts, so the owner is a stand-in user that shares the
/// application's id; it is not in the world and cannot act.
fn owner(app: &Application) -> Value {
    json!({
        "id": app.id.to_string(),
        "username": format!("{}-developer", app.name.to_lowercase().replace(' ', "-")),
        "global_name": null,
        "avatar": null,
        "discriminator": "0",
        "public_flags": 0,
        "flags": 0,
        "banner": null,
        "accent_color": null,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
    })
}
