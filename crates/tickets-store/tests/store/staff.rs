//! Staff: levels by member, role or team; teams and their panels; members added to tickets;
//! and that one server never reaches another's.

use crate::*;
use tickets_model::permissions::PermissionLevel::{Admin, Support};
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_model::{RoleId, TeamId};
use tickets_store::staff::{PanelTeams, StaffEntry};

db_test!(
    async fn levels_come_from_the_member_their_roles_or_a_team(db) {
        let staff = db.staff();
        let (mod_role, helper) = (RoleId::new(70), user(3));
        assert_eq!(staff.level_of(guild(1), user(1), &[mod_role]).await.unwrap(), None);

        assert_eq!(staff.grant(guild(1), MemberOrRole::User(user(1)), Support).await.unwrap(), None);
        assert_eq!(staff.grant(guild(1), MemberOrRole::User(user(1)), Admin).await.unwrap(), Some(Support));
        staff.grant(guild(1), MemberOrRole::Role(mod_role), Support).await.unwrap();
        assert_eq!(staff.level_of(guild(1), user(1), &[]).await.unwrap(), Some(Admin));
        assert_eq!(staff.level_of(guild(1), user(2), &[mod_role]).await.unwrap(), Some(Support));
        assert_eq!(staff.level_of(guild(2), user(1), &[mod_role]).await.unwrap(), None, "another server");

        let team = staff.create_team(guild(1), &TeamName::parse("Billing").unwrap()).await.unwrap();
        assert!(staff.add_team_member(guild(1), team.team_id, MemberOrRole::User(helper)).await.unwrap());
        assert!(!staff.add_team_member(guild(2), team.team_id, MemberOrRole::User(user(9))).await.unwrap(), "foreign team");
        assert_eq!(staff.level_of(guild(1), helper, &[]).await.unwrap(), Some(Support));
        assert_eq!(staff.level_of(guild(2), helper, &[]).await.unwrap(), None);

        assert!(!staff.revoke(guild(1), MemberOrRole::User(user(1)), Support).await.unwrap(), "an admin, not support");
        assert!(staff.revoke(guild(1), MemberOrRole::User(user(1)), Admin).await.unwrap());
        assert_eq!(staff.level_of(guild(1), user(1), &[]).await.unwrap(), None);
        assert_eq!(
            staff.entries(guild(1)).await.unwrap(),
            [StaffEntry { who: MemberOrRole::Role(mod_role), level: Support }]
        );
    }
);

db_test!(
    async fn a_panels_handlers_are_its_teams_plus_the_admins(db) {
        let staff = db.staff();
        let panel = db.panels().create(guild(1), &crate::panels::fields("Billing")).await.unwrap();
        let (admin, support, biller) = (user(1), user(2), user(3));
        staff.grant(guild(1), MemberOrRole::User(admin), Admin).await.unwrap();
        staff.grant(guild(1), MemberOrRole::User(support), Support).await.unwrap();
        let team = staff.create_team(guild(1), &TeamName::parse("Billing").unwrap()).await.unwrap();
        staff.add_team_member(guild(1), team.team_id, MemberOrRole::User(biller)).await.unwrap();
        let who = |entries: Vec<StaffEntry>| entries.into_iter().map(|e| e.who).collect::<Vec<_>>();

        // No team set: the Default team.
        assert_eq!(who(staff.handlers(guild(1), Some(panel.panel_id)).await.unwrap()), [MemberOrRole::User(admin), MemberOrRole::User(support)]);
        assert_eq!(who(staff.handlers(guild(1), None).await.unwrap()), [MemberOrRole::User(admin), MemberOrRole::User(support)]);

        let only_billing = PanelTeams { default_team: false, teams: vec![team.team_id] };
        staff.set_panel_teams(guild(1), panel.panel_id, &only_billing).await.unwrap();
        assert_eq!(staff.teams_of_panel(guild(1), panel.panel_id).await.unwrap(), only_billing);
        assert_eq!(who(staff.handlers(guild(1), Some(panel.panel_id)).await.unwrap()), [MemberOrRole::User(admin), MemberOrRole::User(biller)]);

        // Another server's team cannot be linked; deleting the team falls back to Default.
        let foreign = staff.create_team(guild(2), &TeamName::parse("Billing").unwrap()).await.unwrap();
        let with_foreign = PanelTeams { default_team: false, teams: vec![team.team_id, foreign.team_id] };
        staff.set_panel_teams(guild(1), panel.panel_id, &with_foreign).await.unwrap();
        assert_eq!(staff.teams_of_panel(guild(1), panel.panel_id).await.unwrap(), only_billing);
        assert!(!staff.delete_team(guild(2), team.team_id).await.unwrap(), "not server 2's team");
        assert!(staff.delete_team(guild(1), team.team_id).await.unwrap());
        assert_eq!(who(staff.handlers(guild(1), Some(panel.panel_id)).await.unwrap()), [MemberOrRole::User(admin), MemberOrRole::User(support)]);
        assert!(staff.team_members(guild(1), team.team_id).await.unwrap().is_empty());
    }
);

db_test!(
    async fn team_names_are_unique_per_server(db) {
        let staff = db.staff();
        let name = TeamName::parse("Sales").unwrap();
        staff.create_team(guild(1), &name).await.unwrap();
        let again = staff.create_team(guild(1), &name).await.unwrap_err();
        assert!(matches!(again, tickets_store::StoreError::Conflict { .. }), "{again:?}");
        staff.create_team(guild(2), &name).await.unwrap();
        assert_eq!(staff.teams(guild(1)).await.unwrap().len(), 1);
        assert!(staff.team(guild(2), TeamId::new(1).unwrap()).await.unwrap().is_none());
    }
);

db_test!(
    async fn ticket_members_and_renames_are_per_ticket_and_bounded(db) {
        let members = db.ticket_members();
        let friend = MemberOrRole::User(user(5));
        assert!(members.add(guild(1), 1, friend).await.unwrap());
        assert!(!members.add(guild(1), 1, friend).await.unwrap());
        assert_eq!(members.list(guild(1), 1).await.unwrap(), [friend]);
        assert!(members.list(guild(2), 1).await.unwrap().is_empty());
        assert!(members.remove(guild(1), 1, friend).await.unwrap());
        assert!(!members.remove(guild(1), 1, friend).await.unwrap());

        let ten_minutes = 600_000;
        assert_eq!(members.reserve_rename(guild(1), channel(9), 0, 1_000, 2).await.unwrap(), Ok(()));
        assert_eq!(members.reserve_rename(guild(1), channel(9), 0, 2_000, 2).await.unwrap(), Ok(()));
        assert_eq!(members.reserve_rename(guild(1), channel(9), 0, 3_000, 2).await.unwrap(), Err(vec![1_000, 2_000]));
        members.release_rename(guild(1), channel(9), 2_000).await.unwrap();
        assert_eq!(members.reserve_rename(guild(1), channel(9), 0, 3_000, 2).await.unwrap(), Ok(()));
        let later = 1_500 + ten_minutes;
        assert_eq!(members.reserve_rename(guild(1), channel(9), later - ten_minutes, later, 2).await.unwrap(), Ok(()), "the rename at 1 s no longer counts");
        assert!(members.reserve_rename(guild(2), channel(8), 0, 1_000, 2).await.unwrap().is_ok());
    }
);
