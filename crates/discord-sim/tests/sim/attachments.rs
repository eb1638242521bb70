//! Files sent with messages: twilight-http's multipart uploads, the CDN route serving them until
//! the message or channel goes, and Discord's limits (10 files, 10 MiB each).

use discord_sim::control::api::{ActFile, ActMessage, Snowflake};
use twilight_http::api_error::ApiError as TwilightApiError;
use twilight_http::error::{Error, ErrorType};
use twilight_model::http::attachment::Attachment;

use crate::common::{Env, bounded, id};

/// A PNG header of a `width`×`height` image (all a reader needs for the size).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend(b"\x08\x06\0\0\0rest of the image");
    bytes
}

/// The status and JSON error code of a refused twilight request.
fn refusal(error: &Error) -> (u16, u64) {
    match error.kind() {
        ErrorType::Response { status, error, .. } => {
            let code = match error {
                TwilightApiError::General(general) => general.code,
                other => panic!("unexpected error body {other:?}"),
            };
            (status.get(), code)
        }
        other => panic!("not a refusal: {other:?}"),
    }
}

async fn download(env: &Env, url: &str) -> (u16, Option<String>, Vec<u8>) {
    let response = env.http.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn twilight_uploads_are_kept_and_served_until_the_message_is_deleted() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let image = png(3, 2);
        let text = b"line one\r\nline two\r\n".to_vec();
        let mut described = Attachment::from_bytes("notes.txt".into(), text.clone(), 1);
        described.description("What was said".into());
        let files = [
            Attachment::from_bytes("screen-shot.png".into(), image.clone(), 0),
            described,
        ];
        let message = http
            .create_message(id(env.general))
            .content("two files")
            .attachments(&files)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(message.attachments.len(), 2);
        let (shot, notes) = (&message.attachments[0], &message.attachments[1]);
        assert_eq!(shot.filename, "screen-shot.png");
        assert_eq!(shot.content_type.as_deref(), Some("image/png"));
        assert_eq!((shot.width, shot.height), (Some(3), Some(2)));
        assert_eq!(shot.size, image.len() as u64);
        assert_eq!(
            shot.url,
            format!(
                "{}/attachments/{}/{}/screen-shot.png",
                env.sim.base_url(),
                env.general,
                shot.id
            )
        );
        assert_eq!(shot.proxy_url, shot.url);
        assert_eq!(notes.description.as_deref(), Some("What was said"));
        assert_eq!((notes.width, notes.height), (None, None));

        let (status, content_type, bytes) = download(&env, &shot.url).await;
        assert_eq!((status, content_type.as_deref()), (200, Some("image/png")));
        assert_eq!(bytes, image);
        let (status, _, bytes) = download(&env, &notes.url).await;
        assert_eq!(
            (status, bytes),
            (200, text),
            "bytes come back exactly, line breaks too"
        );
        let wrong_name = notes.url.replace("notes.txt", "other.txt");
        assert_eq!(download(&env, &wrong_name).await.0, 404);

        // Reading the message back gives the same attachments.
        let read = http
            .message(id(env.general), message.id)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(read.attachments, message.attachments);

        http.delete_message(id(env.general), message.id)
            .await
            .unwrap();
        assert_eq!(
            download(&env, &shot.url).await.0,
            404,
            "gone with its message"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn a_deleted_channel_takes_its_files_with_it() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let channel = http
            .create_guild_channel(id(env.guild), "ticket-1")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        // A user's upload through the control API, served the same way.
        let message = env
            .sim
            .act_message(ActMessage {
                channel_id: Snowflake(channel.id.get()),
                user_id: Snowflake(env.owner),
                content: String::new(),
                attachments: vec![ActFile::new("my log.txt", None, b"kept in memory")],
                reply_to: None,
            })
            .unwrap();
        let url = message["attachments"][0]["url"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            message["attachments"][0]["filename"], "my_log.txt",
            "spaces become underscores, as on Discord"
        );
        assert_eq!(
            message["attachments"][0]["content_type"],
            "text/plain; charset=utf-8"
        );
        assert_eq!(download(&env, &url).await.2, b"kept in memory");
        http.delete_channel(channel.id).await.unwrap();
        assert_eq!(download(&env, &url).await.0, 404);
    })
    .await;
}

#[tokio::test]
async fn eleven_files_or_one_over_ten_mib_are_refused_as_discord_does() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let eleven: Vec<Attachment> = (0..11)
            .map(|n| Attachment::from_bytes(format!("f{n}.txt"), vec![b'x'; 10], n))
            .collect();
        let error = http
            .create_message(id(env.general))
            .attachments(&eleven)
            .await
            .unwrap_err();
        assert_eq!(refusal(&error), (400, 50035));
        let ten = &eleven[..10];
        let message = http
            .create_message(id(env.general))
            .attachments(ten)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            message.attachments.len(),
            10,
            "ten files and no text are a message"
        );

        let limit = 10 * 1024 * 1024;
        let big = [Attachment::from_bytes(
            "big.bin".into(),
            vec![0; limit + 1],
            0,
        )];
        let error = http
            .create_message(id(env.general))
            .content("too big")
            .attachments(&big)
            .await
            .unwrap_err();
        assert_eq!(refusal(&error), (413, 40005));
        let at_limit = [Attachment::from_bytes("max.bin".into(), vec![0; limit], 0)];
        let message = http
            .create_message(id(env.general))
            .attachments(&at_limit)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(message.attachments[0].size, limit as u64);
        let posted = env.sim.messages(env.general, None).unwrap();
        let with_files = posted
            .iter()
            .filter(|m| m["attachments"].as_array().is_some_and(|a| !a.is_empty()))
            .count();
        assert_eq!(with_files, 2, "refused requests posted nothing");
    })
    .await;
}

#[tokio::test]
async fn interaction_responses_and_followups_carry_files_too() {
    use twilight_model::http::interaction::{
        InteractionResponse, InteractionResponseData, InteractionResponseType,
    };
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        let act = env.open_as(env.alice, "files");
        let interaction = endpoint.next().await;
        let interaction_id: u64 = interaction["id"].as_str().unwrap().parse().unwrap();
        let token = interaction["token"].as_str().unwrap().to_owned();
        let http = env.twilight();
        let client = http.interaction(id(env.app));
        let response = InteractionResponse {
            kind: InteractionResponseType::ChannelMessageWithSource,
            data: Some(InteractionResponseData {
                attachments: Some(vec![Attachment::from_bytes(
                    "answer.png".into(),
                    png(8, 8),
                    0,
                )]),
                ..InteractionResponseData::default()
            }),
        };
        client
            .create_response(id(interaction_id), &token, &response)
            .await
            .unwrap();
        act.await.unwrap();
        let original = client
            .response(&token)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(original.attachments[0].filename, "answer.png");
        assert_eq!(
            (
                original.attachments[0].width,
                original.attachments[0].height
            ),
            (Some(8), Some(8))
        );
        let files = [Attachment::from_bytes(
            "more.txt".into(),
            b"followup".to_vec(),
            0,
        )];
        let followup = client
            .create_followup(&token)
            .attachments(&files)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let (status, _, bytes) = download(&env, &followup.attachments[0].url).await;
        assert_eq!((status, bytes), (200, b"followup".to_vec()));
        env.assert_log_conforms();
    })
    .await;
}
