// Finds network code in built bundles. Tokenwise has none, by design: any hit fails the tests.
// The allow-list is empty on purpose; a library that brings network code must be replaced or patched out.
import { readFileSync } from 'node:fs';

/** Patterns for the ways JavaScript in Node or a browser can open a connection. */
export const networkPatterns = [
  { name: "require('http')", pattern: /require\(\s*["'](?:node:)?http["']\s*\)/ },
  { name: "require('https')", pattern: /require\(\s*["'](?:node:)?https["']\s*\)/ },
  { name: "require('http2')", pattern: /require\(\s*["'](?:node:)?http2["']\s*\)/ },
  { name: "require('net')", pattern: /require\(\s*["'](?:node:)?net["']\s*\)/ },
  { name: "require('tls')", pattern: /require\(\s*["'](?:node:)?tls["']\s*\)/ },
  { name: "require('dgram')", pattern: /require\(\s*["'](?:node:)?dgram["']\s*\)/ },
  { name: 'fetch(', pattern: /(?<![\w$.])fetch\s*\(/ },
  { name: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { name: 'WebSocket', pattern: /\bWebSocket\b/ },
  { name: 'EventSource', pattern: /\bEventSource\b/ },
  { name: 'sendBeacon', pattern: /\bsendBeacon\b/ },
];

export const allowList = [];

/** Every network pattern found in the given files, as "file: pattern (context)". */
export function scanForNetworkCode(files) {
  const findings = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const { name, pattern } of networkPatterns) {
      const match = pattern.exec(source);
      if (match && !allowList.includes(`${file}:${name}`)) {
        const context = source.slice(Math.max(0, match.index - 60), match.index + 60).replace(/\s+/g, ' ');
        findings.push(`${file}: ${name} … ${context} …`);
      }
    }
  }
  return findings;
}
