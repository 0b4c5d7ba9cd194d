// Run by fhir-api.spec.ts: a maintained FHIR client (fhir-kit-client, ESM-only, hence a script Jest
// spawns) reads the CapabilityStatement, then searches the overdue Tasks the caller reaches and pages
// through them by the Bundles' `next` links. Prints what it saw as one JSON line.
// Usage: node fhir-kit-client.mjs <base url> <bearer token> <page size>
import { CapabilityTool, Client } from 'fhir-kit-client';

const [baseUrl, token, count] = process.argv.slice(2);
const client = new Client({ baseUrl, bearerToken: token });

const capability = await client.capabilityStatement();
const tool = new CapabilityTool(capability);
const pages = [];
let bundle = await client.search({ resourceType: 'Task', searchParams: { 'business-status': 'overdue', _count: count } });
while (bundle) {
  pages.push({ total: bundle.total, tasks: (bundle.entry ?? []).map((e) => e.resource) });
  bundle = await client.nextPage({ bundle });
}
process.stdout.write(
  JSON.stringify({
    fhirVersion: capability.fhirVersion,
    taskSearch: tool.resourceCan('Task', 'search-type'),
    businessStatusParam: tool.supportFor({ resourceType: 'Task', capabilityType: 'searchParam', where: { name: 'business-status' } }),
    everything: tool.supportFor({ resourceType: 'Patient', capabilityType: 'operation', where: { name: 'everything' } }),
    pages,
  }) + '\n',
);
