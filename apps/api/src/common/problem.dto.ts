/** The problem+json document every error answer carries, for the OpenAPI document. */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'mmse' }) field!: string;
  @ApiProperty({ example: 'mmse must be a whole MMSE score from 0 to 30' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://care-pathway.example/problems/409' }) type!: string;
  @ApiProperty({ example: 'Step not allowed' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'rejected in stage REFERRED: an assessment is not allowed in stage REFERRED' }) detail!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'validation errors (400): one per bad field' }) errors?: FieldProblemDto[];
  @ApiPropertyOptional({ example: 'REFERRED', description: 'a rejected step (409): the pathway stage' }) stage?: string;
  @ApiPropertyOptional({
    example: 'an assessment is not allowed in stage REFERRED',
    description: 'a rejected step (409): why; a refused token (401): missing, expired, not_yet_valid, unsigned, algorithm_not_allowed, bad_signature, unknown_key, wrong_issuer, wrong_audience, invalid_claims or malformed',
  })
  reason?: string;
  @ApiPropertyOptional({ example: 10, description: 'too many requests (429): seconds to wait, as in Retry-After' }) retryAfter?: number;
  @ApiPropertyOptional({ example: 40, description: 'case manager at capacity (409): pathways they hold' }) active?: number;
  @ApiPropertyOptional({ example: 40, description: 'case manager at capacity (409): their capacity' }) capacity?: number;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input: `errors` names each bad field',
  401: 'missing or invalid bearer token',
  403: 'the token does not admit this',
  404: 'no such pathway (or not one the caller reaches)',
  409: 'not allowed now: `stage` and `reason` say why (or the Idempotency-Key is still in progress)',
  413: 'body larger than 100 kB',
  422: 'well-formed but unprocessable (unknown case manager, Idempotency-Key reused for another request)',
  429: 'too many steps from this token: retry after Retry-After seconds',
  503: 'the workflow service or the database is unavailable; retry (with the same Idempotency-Key)',
};

/** Documents problem+json answers for the given statuses. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return ApiProblemsSaying({}, ...statuses);
}

/** The same, with a route's own words for some statuses (the codec's 429 is not about steps). */
export function ApiProblemsSaying(descriptions: Record<number, string>, ...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({ status, description: descriptions[status] ?? DESCRIPTIONS[status] ?? 'error', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } }),
    ),
  );
}
