import ipaddr from "ipaddr.js";

/**
 * The network a client address stands for in rate limits. An IPv6 host picks addresses
 * from its /64 at will, so an IPv6 client is its /64; an IPv4 address (also one written
 * as IPv4-mapped IPv6) is itself. Anything unparseable is kept as it is. Parsing is
 * ipaddr.js's (already here for Express's proxy-addr).
 */
export function clientGroup(address: string): string {
  const bare = address.split("%")[0] ?? "";
  if (!ipaddr.isValid(bare)) return address;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const prefix = v6.parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(":")}::/64`;
}
