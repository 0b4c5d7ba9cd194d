import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CaseManager } from './case-manager.entity';
import { Pathway } from './pathway.entity';

export const WAITING_LIST_OFFER_STATUSES = ['OFFERED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'AUTO_ASSIGNED'] as const;
export type WaitingListOfferStatus = (typeof WAITING_LIST_OFFER_STATUSES)[number];

/**
 * The oldest waiting pathway of a territory offered to a case manager whose caseload dropped below
 * capacity (PATHWAY.md, waiting list). OFFERED until the supervisor accepts or declines it, the policy
 * auto-assigns it, or it is withdrawn (the pathway was assigned otherwise, the assignment was refused).
 */
@Entity({ name: 'waiting_list_offers' })
@Check('waiting_list_offers_status_check', "status IN ('OFFERED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'AUTO_ASSIGNED')")
@Unique('waiting_list_offers_trigger_key_key', ['triggerKey'])
@Index('waiting_list_offers_one_open_per_pathway', ['pathwayId'], { unique: true, where: "status = 'OFFERED'" })
@Index('waiting_list_offers_open_idx', ['territory', 'offeredAt'], { where: "status = 'OFFERED'" })
@Index('waiting_list_offers_case_manager_idx', ['caseManagerId'], { where: "status = 'OFFERED'" })
export class WaitingListOffer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'waiting_list_offers_pkey' })
  id!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'waiting_list_offers_pathway_id_fkey' })
  pathway?: Pathway;

  @Column({ name: 'case_manager_id', type: 'text' })
  caseManagerId!: string;

  @ManyToOne(() => CaseManager, { nullable: false })
  @JoinColumn({ name: 'case_manager_id', foreignKeyConstraintName: 'waiting_list_offers_case_manager_id_fkey' })
  caseManager?: CaseManager;

  @Column({ type: 'text' })
  territory!: string;

  /** The freed slot that made this offer (e.g. `closure:<pathway id>`): a retried activity offers once. */
  @Column({ name: 'trigger_key', type: 'text' })
  triggerKey!: string;

  @Column({ name: 'offered_at', type: 'timestamptz', default: () => 'now()' })
  offeredAt!: Date;

  @Column({ type: 'text', default: 'OFFERED' })
  status!: WaitingListOfferStatus;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** The supervisor, or `policy:waitingListAutoAssign`, or `system` for a withdrawal. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
