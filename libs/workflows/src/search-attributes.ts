/**
 * Custom search attributes that let supervisors and operators find pathways with the standard Temporal
 * CLI and Web UI. They are stored unencrypted, outside the payload codec: ids, stages, neutral codes and
 * dates only, never names nor anything that hints at health (issue 22): `StuckReason` is DEADLINE_OVERDUE,
 * INACTIVE or ACTIVITY_FAILING (libs/domain visibleStuckCode), not the clock, which can name a condition.
 * Three Datetime keys is the SQL visibility budget per namespace.
 * The dev server registers the same list from infra/search-attributes.json (a test checks they agree).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PathwayStageKey = defineSearchAttributeKey('PathwayStage', SearchAttributeType.KEYWORD);
export const CaseManagerIdKey = defineSearchAttributeKey('CaseManagerId', SearchAttributeType.KEYWORD);
export const TerritoryKey = defineSearchAttributeKey('Territory', SearchAttributeType.KEYWORD);
export const StuckReasonKey = defineSearchAttributeKey('StuckReason', SearchAttributeType.KEYWORD);
/**
 * No longer written (the flags name conditions: HOSPITALIZED, CRISIS_OPEN, APA_PROPOSED); the workflow
 * upserts it empty so a value an earlier version wrote is cleared. Kept registered for that clearing.
 */
export const PathwayFlagsKey = defineSearchAttributeKey('PathwayFlags', SearchAttributeType.KEYWORD_LIST);
export const NextDeadlineAtKey = defineSearchAttributeKey('NextDeadlineAt', SearchAttributeType.DATETIME);
export const OverdueSinceKey = defineSearchAttributeKey('OverdueSince', SearchAttributeType.DATETIME);
export const LastEventAtKey = defineSearchAttributeKey('LastEventAt', SearchAttributeType.DATETIME);

export const PATHWAY_SEARCH_ATTRIBUTES = [
  PathwayStageKey,
  CaseManagerIdKey,
  TerritoryKey,
  StuckReasonKey,
  PathwayFlagsKey,
  NextDeadlineAtKey,
  OverdueSinceKey,
  LastEventAtKey,
];

/** Name → CLI type name (`Keyword`, `Datetime`, ...), as `temporal server start-dev --search-attribute` wants it. */
export function searchAttributeCliTypes(): Record<string, string> {
  const cli: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return Object.fromEntries(PATHWAY_SEARCH_ATTRIBUTES.map((key) => [key.name, cli[key.type]]));
}
