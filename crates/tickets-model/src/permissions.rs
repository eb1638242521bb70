//! The bot's own permission levels, which ignore Discord's permissions.

/// What a member may do with the bot in one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PermissionLevel {
    /// Any member: open and close their own tickets.
    Everyone,
    /// Support staff: work the tickets of their teams.
    Support,
    /// Bot admins (always the server owner): everything, including the dashboard.
    Admin,
}

impl PermissionLevel {
    /// Whether this level is staff (support or admin), who are immune to the ticket limit.
    #[must_use]
    pub const fn is_staff(self) -> bool {
        matches!(self, Self::Support | Self::Admin)
    }
}
