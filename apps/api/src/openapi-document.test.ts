import { describe, expect, it } from 'vitest';
import { lintOpenApiDocument, openApiDocumentJson } from './cli/openapi.ts';
import { deriveOperationId } from './openapi-document.ts';

type Op = { operationId: string; security: Record<string, string[]>[]; description: string; responses: Record<string, unknown> };
const doc = JSON.parse(openApiDocumentJson());
const operations = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
  Object.entries(item).filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })));

describe('the OpenAPI document', () => {
  it('passes Redocly\'s recommended rules without errors', () => {
    const r = lintOpenApiDocument();
    expect(r.output).toContain('valid');
    expect(r.ok, r.output).toBe(true);
  }, 120_000);

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('declares how every operation is authenticated, in Chinese and English', () => {
    for (const { key, op } of operations) {
      expect(op.security, key).toBeDefined();
      if (!key.includes(' /api/v1/')) continue;
      expect(op.description, key).toMatch(/[\u4e00-\u9fff]/);
      expect(op.description, key).toMatch(/API token/);
    }
    const security = (key: string) => operations.find((o) => o.key === key)!.op.security;
    // public: anonymous allowed, and a token needs the family's read scope
    expect(security('GET /api/v1/orders')).toEqual([{}, { sessionCookie: [] }, { bearerToken: ['orders:read'] }]);
    expect(security('POST /api/v1/orders/{id}/bids')).toEqual([{ sessionCookie: [] }, { bearerToken: ['bids:write'] }]);
    // the secretariat's and the account's routes: the browser session only
    expect(security('GET /api/v1/admin/vendors')).toEqual([{ sessionCookie: [] }]);
    expect(security('POST /api/v1/organisations/mine/tokens')).toEqual([{ sessionCookie: [] }]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['sessionCookie', 'bearerToken']);
    expect(doc.components.securitySchemes.sessionCookie.description).toContain('Origin');
  });
});

describe('deriveOperationId', () => {
  it.each([
    ['get', '/api/v1/orders', 'listOrders'],
    ['post', '/api/v1/orders', 'createOrder'],
    ['get', '/api/v1/orders/{id}', 'getOrder'],
    ['post', '/api/v1/orders/{id}/submit', 'submitOrder'],
    ['post', '/api/v1/orders/{id}/questions/{qid}/answer', 'answerOrderQuestion'],
    ['get', '/api/v1/orders/{id}/bids/mine', 'getMyOrderBid'],
    ['delete', '/api/v1/me/saved-searches/{id}', 'deleteMySavedSearch'],
    ['put', '/api/v1/organisations/mine/capabilities', 'setMyOrganisationCapabilities'],
    ['post', '/api/v1/catalogue/{id}/publish', 'publishCatalogueEntry'],
  ])('%s %s → %s', (method, path, id) => expect(deriveOperationId(method, path)).toBe(id));
});
