//! The simulated world: entities, ids, permissions, limits and their Discord JSON.

pub mod attachments;
pub mod gateway_world;
pub mod grants;
pub mod interaction;
pub mod limits;
pub mod messages;
pub mod model;
pub mod permissions;
pub mod reactions;
pub mod render;
pub mod roles;
pub mod seed;
pub mod setup;
pub mod snowflake;
pub mod threads;
pub mod world;

pub use world::World;
