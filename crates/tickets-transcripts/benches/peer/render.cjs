// Builds discord.js Message objects offline from the benchmark's messages (Discord's API
// shape) and renders them with discord-html-transcripts' generateFromMessages, printing the
// time, the process's peak memory and the page's size. Usage: render.cjs MESSAGES OUTPUT
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');

const started = process.hrtime.bigint();
const discord = require('discord.js');
const transcripts = require('discord-html-transcripts');

// Nothing may leave the machine: every socket and fetch fails at once.
const refuse = () => {
  throw new Error('network access is disabled in this benchmark');
};
net.Socket.prototype.connect = refuse;
tls.connect = refuse;
globalThis.fetch = async () => refuse();

const [, , input, output] = process.argv;
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;

async function main() {
  const loaded = process.hrtime.bigint();
  const data = JSON.parse(fs.readFileSync(input, 'utf8'));
  const client = new discord.Client({ intents: [] });
  const guild = client.guilds._add({
    id: data.guild.id,
    name: data.guild.name,
    icon: null,
    features: [],
    emojis: [],
    stickers: [],
    roles: data.roles.map((role, position) => ({
      id: role.id, name: role.name, color: role.color, position, permissions: '0',
      colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
      hoist: false, managed: false, mentionable: true, flags: 0,
    })),
  });
  const channel = client.channels._add(data.channel, guild);
  const others = new Map(data.channels.map((c) => [c.id, client.channels._add(c, guild)]));
  const users = new Map(data.users.map((u) => [u.id, client.users._add(u)]));
  const messages = data.messages.map((raw) => channel.messages._add(raw));
  const built = ms(loaded);

  // The library logs each markdown node it does not know (headings, subtext) to the console:
  // kept quiet, so that only the figures print.
  const log = console.log;
  console.log = () => {};
  const rendering = process.hrtime.bigint();
  const html = await transcripts.generateFromMessages(messages, channel, {
    returnType: 'string',
    saveImages: false,
    poweredBy: false,
    callbacks: {
      resolveChannel: async (id) => others.get(id) ?? null,
      resolveUser: async (id) => users.get(id) ?? null,
      resolveRole: async (id) => guild.roles.cache.get(id) ?? null,
    },
  });
  const rendered = ms(rendering);
  console.log = log;
  fs.writeFileSync(output, html);
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`discord-html-transcripts ${require('discord-html-transcripts/package.json').version}, discord.js ${discord.version}, node ${process.version}`);
  console.log(`messages: ${messages.length}`);
  console.log(`load modules: ${(Number(loaded - started) / 1e6).toFixed(1)} ms`);
  console.log(`read the JSON and build discord.js messages: ${built.toFixed(1)} ms`);
  console.log(`generateFromMessages: ${rendered.toFixed(1)} ms`);
  console.log(`build and render: ${(built + rendered).toFixed(1)} ms`);
  console.log(`page: ${Buffer.byteLength(html)} bytes (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB)`);
  console.log(`peak memory (maxRSS): ${peak.toFixed(1)} MB`);
  console.log(`page at ${output}`);
  client.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
