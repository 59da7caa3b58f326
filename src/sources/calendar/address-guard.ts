import { type LookupAddress, lookup as lookupCallback } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

// Loopback, private, link-local, carrier-grade NAT and unique-local ranges: a feed URL must not reach into the
// network the bot runs in (cloud metadata services, admin consoles) unless the configuration allows it.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, 'ipv4');
  return blocked.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Why the URL may not be fetched, or undefined. Every address the host resolves to is checked. */
export async function refusedAddress(url: URL): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const bad = addresses.find(isPrivateAddress);
  return bad
    ? `${url.hostname} is a loopback or private address (${bad}); set TEAMMATE_CALENDAR_ALLOW_PRIVATE=true to allow it`
    : undefined;
}

/**
 * The DNS lookup a connection makes, refusing private addresses at that moment. The check before a fetch
 * (refusedAddress) resolves the name once; a name that answers a public address then and a private one when the
 * connection is made (DNS rebinding) is stopped here, since the connection uses the addresses this returns.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookupCallback(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const refused = Object.assign(
        new Error(`${hostname} resolved to a loopback or private address (${bad.address}) when connecting`),
        { code: 'EPRIVATEADDRESS' },
      );
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  });
};

/** Connections for feeds added from chat: every address checked as it is connected to (guardedLookup). */
export const guardedAgent = new Agent({ connect: { lookup: guardedLookup } });
