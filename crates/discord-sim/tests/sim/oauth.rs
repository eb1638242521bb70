//! The OAuth2 authorization code flow with PKCE, end to end with reqwest.

use base64::Engine as _;
use discord_sim::spec::Spec;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Env, bounded};

struct Flow<'a> {
    env: &'a Env,
    http: reqwest::Client,
    secret: String,
}

const REDIRECT: &str = "http://127.0.0.1:9/callback";

impl Flow<'_> {
    /// Authorizes as `user` and returns the code from the redirect.
    async fn code(&self, user: u64, challenge: &str) -> String {
        let url = format!(
            "{}/oauth2/authorize?response_type=code&client_id={}&scope=identify%20guilds&state=xyz&redirect_uri={}&code_challenge={challenge}&code_challenge_method=S256&login_as={user}",
            self.env.sim.base_url(),
            self.env.app,
            REDIRECT
        );
        let response = self.http.get(url).send().await.unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with(&format!("{REDIRECT}?code=")),
            "{location}"
        );
        assert!(location.ends_with("&state=xyz"));
        location
            .split("code=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned()
    }

    async fn token(&self, form: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/oauth2/token", self.env.sim.api_url()))
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }
}

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn the_code_flow_with_pkce_logs_a_user_in_and_lists_their_guilds() {
    bounded(async {
        let env = Env::start().await;
        let flow = Flow {
            env: &env,
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            secret: env.sim.application()["client_secret"].as_str().unwrap().to_owned(),
        };
        let page = flow.http.get(format!("{}/oauth2/authorize?response_type=code&client_id={}&scope=identify&redirect_uri={REDIRECT}", env.sim.base_url(), env.app)).send().await.unwrap();
        let html = page.text().await.unwrap();
        assert!(html.contains("alice") && html.contains("login_as="), "the page lists users to log in as");

        let verifier = "a-verifier-of-at-least-43-characters-0123456789";
        let app = env.app.to_string();
        let code = flow.code(env.owner, &challenge(verifier)).await;
        let exchange = |code: &str, verifier: &str| {
            vec![
                ("grant_type", "authorization_code".to_owned()),
                ("code", code.to_owned()),
                ("redirect_uri", REDIRECT.to_owned()),
                ("code_verifier", verifier.to_owned()),
                ("client_id", app.clone()),
                ("client_secret", flow.secret.clone()),
            ]
        };
        let form = exchange(&code, "the-wrong-verifier-of-at-least-43-characters");
        let (status, error) = flow.token(&form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
        assert_eq!((status, error["error"].as_str()), (400, Some("invalid_grant")), "a wrong verifier is refused");

        let code = flow.code(env.owner, &challenge(verifier)).await;
        let form = exchange(&code, verifier);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, token) = flow.token(&form).await;
        assert_eq!(status, 200, "{token}");
        assert_eq!(token["token_type"], "Bearer");
        assert_eq!(token["scope"], "identify guilds");
        let (status, again) = flow.token(&form).await;
        assert_eq!((status, again["error"].as_str()), (400, Some("invalid_grant")), "a code works once");

        let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
        let spec = Spec::shared().unwrap();
        let (status, me) = env.call("GET", "/users/@me", None, Some(&bearer)).await;
        assert_eq!((status, me["username"].as_str()), (200, Some("owner")));
        spec.find_operation("GET", "/users/@me").unwrap().validate_response(status, &me).unwrap();
        let (status, guilds) = env.call("GET", "/users/@me/guilds", None, Some(&bearer)).await;
        assert_eq!(status, 200);
        spec.find_operation("GET", "/users/@me/guilds").unwrap().validate_response(status, &guilds).unwrap();
        assert_eq!(guilds[0]["name"], "Demo Server");
        assert_eq!(guilds[0]["owner"], true);
        assert!(guilds[0]["permissions"].is_string());
        let (status, _) = env.call("GET", &format!("/guilds/{}", env.guild), None, Some(&bearer)).await;
        assert_eq!(status, 401, "a user token does not open bot routes");

        let refresh = [
            ("grant_type", "refresh_token"),
            ("refresh_token", token["refresh_token"].as_str().unwrap()),
            ("client_id", app.as_str()),
            ("client_secret", flow.secret.as_str()),
        ];
        let (status, renewed) = flow.token(&refresh).await;
        assert_eq!(status, 200, "{renewed}");
        assert_ne!(renewed["access_token"], token["access_token"]);
        let wrong_secret = [("grant_type", "refresh_token"), ("refresh_token", "x"), ("client_id", app.as_str()), ("client_secret", "nope")];
        assert_eq!(flow.token(&wrong_secret).await.0, 401);
    })
    .await;
}
