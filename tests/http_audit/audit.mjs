// The graphql-http conformance audit of a live GraphQL-over-HTTP server (tests/test_http_audit.py).
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql; prints one JSON array of the results.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql url>');
  process.exit(2);
}
const results = await auditServer({ url });
const summary = results.map(({ id, name, status, reason }) => ({ id, name, status, reason }));
process.stdout.write(JSON.stringify(summary));
