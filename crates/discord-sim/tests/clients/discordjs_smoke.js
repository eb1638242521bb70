// A discord.js 14 bot run against discord-sim, the same flow as discordpy_smoke.py: log in,
// register the guild command /ping, answer it when a user runs it, create a text channel, exit 0.
// Any failure exits non-zero with one line saying why; the whole run is bounded.
//
// Usage: node discordjs_smoke.js SIMULATOR_URL   (discord.js resolved from NODE_PATH or beside it)

const { Client, GatewayIntentBits, Events } = require("discord.js");

const TIME_LIMIT_MS = 60_000;
const CHANNEL_NAME = "discordjs-smoke";
const ANSWER = "pong from discord.js";

function fail(message) {
  console.error(`discordjs_smoke: ${message}`);
  process.exit(1);
}

async function main() {
  const sim = (process.argv[2] || "").replace(/\/$/, "");
  if (!sim) fail("usage: node discordjs_smoke.js SIMULATOR_URL");
  const state = await (await fetch(`${sim}/_sim/state`)).json();
  const token = state.applications[0].token;
  const guildState = state.guilds[0];

  // discord.js takes the REST base as an option and the gateway address from GET /gateway/bot.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    rest: { api: `${sim}/api` },
  });
  const timer = setTimeout(() => fail(`not done within ${TIME_LIMIT_MS / 1000} s`), TIME_LIMIT_MS);

  client.once(Events.ClientReady, async () => {
    try {
      const guild = await client.guilds.fetch(guildState.id);
      const members = await guild.members.fetch(); // op 8, the whole list
      if (members.size !== guildState.members.length) {
        fail(`${members.size} members fetched of ${guildState.members.length}`);
      }
      await guild.commands.set([{ name: "ping", description: "Answers pong" }]);
      // The driver waits for this line before it runs /ping as a user.
      console.log("registered /ping");
    } catch (error) {
      fail(`${error.name}: ${error.message}`);
    }
  });

  client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand() || interaction.commandName !== "ping") return;
    try {
      await interaction.reply(ANSWER);
      const channel = await interaction.guild.channels.create({ name: CHANNEL_NAME });
      console.log(`created channel ${channel.id}`);
      clearTimeout(timer);
      await client.destroy();
      process.exit(0);
    } catch (error) {
      fail(`${error.name}: ${error.message}`);
    }
  });

  await client.login(token);
}

main().catch((error) => fail(`${error.name}: ${error.message}`));
