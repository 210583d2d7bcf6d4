import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses admin-configured URLs (robots, webhooks, SMTP, logos) may reach: public unicast
 * only, so a URL cannot make the server talk to itself, the internal network or a cloud metadata
 * service (169.254.169.254). Checked on the resolved address of every connection, redirects included.
 * CRM_OUTBOUND_ALLOW_PRIVATE=true lifts the rule; CRM_OUTBOUND_ALLOW lists hosts, addresses and
 * CIDR ranges allowed anyway (comma-separated: `mail.intranet, 10.1.0.0/16`).
 */

export class OutboundRefused extends Error {
  constructor(host: string, address: string, range: string) {
    const what = host === address ? address : `${host} (${address})`;
    super(`refused to connect to ${what}: a ${range} address; set CRM_OUTBOUND_ALLOW or CRM_OUTBOUND_ALLOW_PRIVATE=true to allow it`);
    this.name = 'OutboundRefused';
  }
}

interface Policy {
  all: boolean;
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

function policy(env: NodeJS.ProcessEnv = process.env): Policy {
  const hosts = new Set<string>();
  const ranges: Policy['ranges'] = [];
  for (const item of (env.CRM_OUTBOUND_ALLOW ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (item.includes('/') && ipaddr.isValidCIDR(item)) ranges.push(ipaddr.parseCIDR(item));
    else if (ipaddr.isValid(item)) ranges.push(ipaddr.parseCIDR(`${item}/${ipaddr.parse(item).kind() === 'ipv4' ? 32 : 128}`));
    else hosts.add(item);
  }
  return { all: env.CRM_OUTBOUND_ALLOW_PRIVATE === 'true', hosts, ranges };
}

/** Throws OutboundRefused unless the address (of host) is public or allowed by the settings. */
export function checkAddress(host: string, address: string) {
  const p = policy();
  if (p.all || p.hosts.has(host.toLowerCase())) return;
  // ipaddr.process turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address is judged as IPv4.
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast') return;
  if (p.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return;
  throw new OutboundRefused(host, address, range);
}

/** The host of a URL without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Every address the host resolves to, each checked; an IP literal is checked as it is. */
export async function checkedAddresses(host: string): Promise<{ address: string; family: number }[]> {
  const found = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const a of found) checkAddress(host, a.address);
  return found;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void;

/**
 * A dns.lookup for http(s).request / net.connect that refuses what checkAddress refuses: the
 * check and the connection use the same answer, so a DNS name cannot change between the two.
 */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) {
  lookup(hostname, { ...options, all: true } as { all: true }).then(
    (found) => {
      try {
        for (const a of found) checkAddress(hostname, a.address);
      } catch (error) {
        return callback(error as NodeJS.ErrnoException, '');
      }
      if (options.all) callback(null, found);
      else callback(null, found[0].address, found[0].family);
    },
    (error: NodeJS.ErrnoException) => callback(error, ''),
  );
}
