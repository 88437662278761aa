import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Test-only: the OCDS 1.1.5 release-package schema with the release schema resolved by its URL (both copied
// unchanged into reference/ocds-1.1.5/), as one validator.

const REF = new URL('../../../reference/ocds-1.1.5/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, REF), 'utf8'));
// both are CommonJS with the export under `default` as well, which is what TypeScript sees
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
ajv.addSchema(schema('release-schema.json'));
const validatePackage = ajv.compile(schema('release-package-schema.json'));

/** What is wrong with a release package, one line per problem (none: it is valid). */
export const ocdsPackageProblems = (doc: unknown): string[] =>
  validatePackage(doc) ? [] : (validatePackage.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
