/**
 * What names this machine, in one place: the client warns of plain HTTP to anything else, and a
 * loopback emulator answers only requests whose Host is this (against DNS rebinding).
 */
import { BlockList, isIP } from 'node:net';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');

/** `localhost` and its subdomains, each label a host name's: RFC 6761 §6.3 keeps them on this machine. */
const LOCALHOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*localhost$/;

/** Whether an IP address (IPv6 with or without brackets) is a loopback one: 127.0.0.0/8 or ::1. */
export const isLoopbackAddress = (address: string): boolean => {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  return family !== 0 && loopbackAddresses.check(bare, family === 4 ? 'ipv4' : 'ipv6');
};

/** Whether a host (a URL's hostname or a Host header's name, without a port) is this machine, in any letter case. */
export const isLoopbackHost = (name: string): boolean => {
  const host = name.toLowerCase();
  return LOCALHOST.test(host) || isLoopbackAddress(host);
};
