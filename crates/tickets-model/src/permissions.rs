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

/// Everything a party may ask the bot to do, each with the level it needs: the one table that
/// the core's checks, `/help` and the dashboard's navigation all read.
///
/// Some actions have a further rule of their own on top of the level (a member closes only their
/// own ticket and only when the server allows it; "Start Ticket" needs the level the server
/// chose; support staff work only the tickets of their teams' panels); the core applies those
/// after this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Open a ticket (`/open`, a panel, "Start Ticket").
    OpenTicket,
    /// Close a ticket, or answer a close request about one's own ticket.
    CloseTicket,
    /// `/jumptotop`.
    JumpToTop,
    /// `/help`, `/about`, `/invite`, `/vote`, `/premium`.
    ReadHelp,
    /// Claim, unclaim and transfer tickets.
    ClaimTickets,
    /// `/add`, `/remove`, `/rename`, `/switchpanel` in a ticket one works.
    ChangeTickets,
    /// `/closerequest`, `/autoclose exclude`.
    RequestClose,
    /// `/viewstaff`.
    ViewStaff,
    /// `/tag` and its suggestions, `/managetags list`.
    UseTags,
    /// The dashboard's Tickets page: the open tickets one works.
    ListTickets,
    /// `/addadmin`, `/addsupport`, `/removeadmin`, `/removesupport`.
    ManageStaff,
    /// The Staff Teams page and the teams of panels.
    ManageTeams,
    /// `/blacklist` and the Blacklist page.
    ManageBlacklist,
    /// `/managetags add|delete` and the Tags page.
    ManageTags,
    /// The Settings page, `/setup`, `/language`, `/autoclose configure`.
    ManageSettings,
    /// Panels, multi-panels and forms, `/panel`.
    ManagePanels,
    /// Read transcripts: one's own tickets' for everyone, those of the panels one works for
    /// support staff, all for admins.
    ViewTranscripts,
    /// Delete a transcript and its files.
    DeleteTranscripts,
    /// `/on-call`: be pinged into new thread tickets of one's teams.
    GoOnCall,
    /// `/reopen` a closed thread ticket.
    ReopenTickets,
    /// `/notes`: the staff-only thread of a channel ticket.
    TakeNotes,
    /// `/stats user` and `/stats server`.
    ViewStatistics,
}

impl Capability {
    /// Every capability, in the order `/help` and the navigation list them.
    pub const ALL: [Self; 22] = [
        Self::OpenTicket,
        Self::CloseTicket,
        Self::JumpToTop,
        Self::ReadHelp,
        Self::ClaimTickets,
        Self::ChangeTickets,
        Self::RequestClose,
        Self::ViewStaff,
        Self::UseTags,
        Self::ListTickets,
        Self::ManageStaff,
        Self::ManageTeams,
        Self::ManageBlacklist,
        Self::ManageTags,
        Self::ManageSettings,
        Self::ManagePanels,
        Self::ViewTranscripts,
        Self::DeleteTranscripts,
        Self::GoOnCall,
        Self::ReopenTickets,
        Self::TakeNotes,
        Self::ViewStatistics,
    ];

    /// The level this needs.
    #[must_use]
    pub const fn needs(self) -> PermissionLevel {
        match self {
            Self::OpenTicket
            | Self::CloseTicket
            | Self::JumpToTop
            | Self::ReadHelp
            | Self::ViewTranscripts => PermissionLevel::Everyone,
            Self::ClaimTickets
            | Self::ChangeTickets
            | Self::RequestClose
            | Self::ViewStaff
            | Self::UseTags
            | Self::ListTickets
            | Self::GoOnCall
            | Self::ReopenTickets
            | Self::TakeNotes
            | Self::ViewStatistics => PermissionLevel::Support,
            Self::ManageStaff
            | Self::ManageTeams
            | Self::ManageBlacklist
            | Self::ManageTags
            | Self::ManageSettings
            | Self::ManagePanels
            | Self::DeleteTranscripts => PermissionLevel::Admin,
        }
    }

    /// Whether a party at `level` may do this.
    #[must_use]
    pub const fn allowed_at(self, level: PermissionLevel) -> bool {
        level as u8 >= self.needs() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::{Capability, PermissionLevel};

    #[test]
    fn every_level_allows_what_the_levels_below_allow() {
        for capability in Capability::ALL {
            let needed = capability.needs();
            for level in [
                PermissionLevel::Everyone,
                PermissionLevel::Support,
                PermissionLevel::Admin,
            ] {
                assert_eq!(
                    capability.allowed_at(level),
                    level >= needed,
                    "{capability:?} at {level:?}"
                );
            }
        }
    }

    #[test]
    fn members_may_not_manage_and_support_may_not_configure() {
        assert!(!Capability::ManageSettings.allowed_at(PermissionLevel::Support));
        assert!(!Capability::ClaimTickets.allowed_at(PermissionLevel::Everyone));
        assert!(Capability::ListTickets.allowed_at(PermissionLevel::Support));
        assert!(Capability::OpenTicket.allowed_at(PermissionLevel::Everyone));
    }
}
