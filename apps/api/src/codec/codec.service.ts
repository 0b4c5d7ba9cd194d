import { HttpStatus, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import type { Request } from 'express';
import { AesGcmPayloadCodec, boundWorkflowId, isEncrypted } from '@pathway/payload-codec';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { notePathways } from '../common/audit/audit-context';
import { badRequest, forbidden, ProblemException } from '../common/problem';

type PayloadJson = { metadata?: Record<string, string>; data?: string };
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** `pathwayWorkflowId(id)` of libs/workflows, read back. */
const PATHWAY_WORKFLOW_ID = /^pathway-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const NO_WORKFLOW = 'only an admin or a service identity may decode it';

/**
 * The Temporal codec server protocol over the same codec as the worker and the API's client
 * (libs/payload-codec): payloads in protobuf JSON, bytes as base64.
 *
 * Decoding discloses a pathway's health data, so it follows the pathway read rules (common/access):
 * each encrypted payload names, in authenticated metadata, the workflow it belongs to, and is decoded
 * only if the caller may read that pathway (`GET /pathways/{id}` would answer 200). Payloads that name
 * no pathway (encrypted before the binding, or another workflow's, e.g. an absence) reach everyone's
 * data, so only an admin (who reads every pathway) or a service identity gets them.
 */
@Injectable()
export class CodecService {
  private readonly codec = AesGcmPayloadCodec.fromEnv();

  constructor(private readonly access: PathwayAccess) {}

  async decode(principal: Principal, request: Request, payloads: unknown[]): Promise<{ payloads: PayloadJson[] }> {
    const parsed = payloads.map(fromJson);
    await this.assertMayRead(principal, request, parsed);
    // After the check: the binding it read is the caller's claim until the cipher authenticates it here.
    const decoded = await this.codec.decode(parsed).catch((err: Error) => {
      // A payload this process has no key for, or one that was tampered with (GCM authentication, its workflow id included).
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Payload cannot be decoded', `a payload cannot be decoded: ${err.name === 'PayloadKeyError' ? err.message : 'it does not authenticate with its key'}`);
    });
    return { payloads: decoded.map(toJson) };
  }

  /** For services only (the controller's roles): what it encodes names no workflow, like an older payload. */
  async encode(payloads: unknown[]): Promise<{ payloads: PayloadJson[] }> {
    return { payloads: (await this.codec.encode(payloads.map(fromJson))).map(toJson) };
  }

  private async assertMayRead(principal: Principal, request: Request, payloads: Payload[]): Promise<void> {
    const bound = payloads.map((payload) => (isEncrypted(payload) ? { workflowId: boundWorkflowId(payload) } : undefined));
    const pathwayOf = (workflowId: string | undefined) => (workflowId ? PATHWAY_WORKFLOW_ID.exec(workflowId)?.[1]?.toLowerCase() : undefined);
    // Noted first, so a refused call is in the audit trail under the pathways it asked for.
    notePathways(request, bound.flatMap((b) => pathwayOf(b?.workflowId) ?? []));
    if (principal.roles.includes('service')) return;
    const scope = this.access.scopeOf(principal);
    if (scope && !scope.territories.length && !scope.caseManagerIds.length && !scope.physicianEmails.length && !scope.memberRpps.length) {
      throw forbidden('your token reaches no pathway (a supervisor or an intake coordinator needs a territory claim, a physician an email claim), so it may decode nothing');
    }
    const admin = principal.roles.includes('admin');
    const checked = new Set<string>();
    for (const [index, b] of bound.entries()) {
      if (!b) continue; // not encrypted: nothing to disclose, it goes back as it came
      const field = `payloads[${index}]`;
      if (b.workflowId === undefined) {
        if (!admin) throw forbidden(`${field} names no workflow (it was encrypted before payloads were bound to their workflow): ${NO_WORKFLOW}`);
        continue;
      }
      const pathwayId = pathwayOf(b.workflowId);
      if (!pathwayId) {
        if (!admin) throw forbidden(`${field} belongs to the workflow ${b.workflowId.slice(0, 200)}, which is not a pathway: ${NO_WORKFLOW}`);
        continue;
      }
      if (checked.has(pathwayId)) continue;
      await this.access.reachable(principal, pathwayId).catch((err: unknown) => {
        if (err instanceof ProblemException && err.getStatus() === HttpStatus.NOT_FOUND) {
          throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `${field} belongs to pathway ${pathwayId}, which does not exist or is not yours to read`);
        }
        throw err;
      });
      checked.add(pathwayId);
    }
  }
}

function fromJson(value: unknown, index: number): Payload {
  const field = `payloads[${index}]`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be an object`, [{ field, message: `${field} must be an object` }]);
  const { metadata = {}, data = '' } = value as { metadata?: unknown; data?: unknown };
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw badRequest(`${field}.metadata must be an object`, [{ field: `${field}.metadata`, message: `${field}.metadata must be an object of base64 strings` }]);
  }
  const bytes = (text: unknown, name: string): Uint8Array => {
    if (typeof text !== 'string' || !BASE64.test(text)) throw badRequest(`${name} must be base64`, [{ field: name, message: `${name} must be a base64 string` }]);
    return new Uint8Array(Buffer.from(text, 'base64'));
  };
  return {
    metadata: Object.fromEntries(Object.entries(metadata as Record<string, unknown>).map(([key, v]) => [key, bytes(v, `${field}.metadata.${key}`)])),
    data: bytes(data, `${field}.data`),
  };
}

function toJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, v]) => [key, Buffer.from(v ?? []).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
