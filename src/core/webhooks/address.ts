import ipaddr from 'ipaddr.js';

/**
 * True when an IP address is a public unicast one: loopback, private (RFC 1918, unique-local), link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and unspecified ranges are not, nor are their
 * IPv4-mapped IPv6 forms. Outbound webhooks in production may only reach public addresses.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/** Whether the text is an IP literal (hostnames need a DNS lookup first). Brackets of an IPv6 URL host are allowed. */
export const ipLiteral = (host: string): string | null => {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare) ? bare : null;
};
