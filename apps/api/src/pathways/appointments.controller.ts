/**
 * The agenda of a pathway (libs/domain appointments.ts): appointments booked, moved, cancelled, held or
 * missed. Each is a step of the pathway's workflow like the others (a Temporal Update validated by the
 * domain, on the timeline, idempotent with an Idempotency-Key): field errors are 400, an appointment no
 * longer booked is 409 with the reason.
 */
import { Body, Controller, Param, Type, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PathwaySummary } from '@pathway/domain';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { AppointmentBookedDto, AppointmentOutcomeDto, BookAppointmentDto, CancelAppointmentDto, RescheduleAppointmentDto } from './dto/appointment.dto';
import { EpisodeStep } from './episodes.controller';
import { PathwaysService } from './pathways.service';

const AgendaStep = (path: string, summary: string, answer?: Type<unknown>) => EpisodeStep(path, summary, ['case_manager'], answer);

const APPOINTMENT_ID = ApiParam({ name: 'appointmentId', description: 'the appointmentId the booking answered' });

@ApiTags('pathway agenda')
@ApiBearerAuth()
@ApiProblems(401, 403)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id/appointments')
export class AppointmentsController {
  constructor(private readonly pathways: PathwaysService) {}

  @AgendaStep('', 'Book an appointment (home visit, phone call, meeting with the physician or the family, care-team meeting)', AppointmentBookedDto)
  async book(
    @Body() body: BookAppointmentDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ): Promise<PathwaySummary & { appointmentId: string }> {
    const summary = await this.pathways.step(p, { type: 'bookAppointment', ...body }, u, key);
    // Ids are appointment-<n>, n counting up: the new one is the highest.
    const newest = summary.appointments.reduce((a, b) => (Number(b.id.split('-')[1]) > Number(a.id.split('-')[1]) ? b : a));
    return { appointmentId: newest.id, ...summary };
  }

  @AgendaStep(':appointmentId/reschedule', 'Move a booked appointment (the caregiver is reminded of the new time instead)')
  @APPOINTMENT_ID
  reschedule(
    @Param('appointmentId') appointmentId: string,
    @Body() body: RescheduleAppointmentDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'rescheduleAppointment', appointmentId, ...body }, u, key);
  }

  @AgendaStep(':appointmentId/cancellation', "Cancel a booked appointment (the caregiver's reminder is withdrawn)")
  @APPOINTMENT_ID
  cancel(
    @Param('appointmentId') appointmentId: string,
    @Body() body: CancelAppointmentDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'cancelAppointment', appointmentId, ...body }, u, key);
  }

  @AgendaStep(':appointmentId/outcome', 'Record that a booked appointment was held (DONE: a home visit meets the first-home-visit deadline) or MISSED (the deadlines keep running)')
  @APPOINTMENT_ID
  outcome(
    @Param('appointmentId') appointmentId: string,
    @Body() body: AppointmentOutcomeDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'recordAppointmentOutcome', appointmentId, ...body }, u, key);
  }
}
