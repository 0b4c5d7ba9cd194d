/**
 * The one-click plan link (README "The physician answers in one click"): no bearer token (the link is
 * the credential: signed, bound to a member, a pathway and a plan version, usable once, expiring at the
 * acknowledgement deadline). GET shows the plan and the two answers, POST records the answer. Audited
 * like every /api call (the pathway noted as soon as the link's signature is verified).
 */
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.guard';
import { PlanLinkAnswerDto } from './plan-link-answer.dto';
import { planPage, recordedPage, refusalPage } from './plan-link-page';
import { PlanLinksService } from './plan-links.service';

@ApiTags('plan links')
@ApiParam({ name: 'link', description: 'the signed link of the plan e-mail' })
@ApiProduces('text/html')
@Public()
@Controller('api/v1/plan-links')
export class PlanLinksController {
  constructor(private readonly links: PlanLinksService) {}

  @Get(':link')
  @ApiOperation({ summary: 'The plan as the physician (or legal representative) needs it, with "je valide" and "j’ai des remarques" (no account; HTML)' })
  async show(@Param('link') link: string, @Req() req: Request, @Res() res: Response) {
    const checked = await this.links.check(link, req);
    if (!checked.open) return html(res, checked.status, refusalPage(checked.refusal ?? ''));
    return html(res, 200, planPage(checked.open.summary, checked.open.member, checked.open.claims.expiresAt));
  }

  @Post(':link')
  @ApiOperation({ summary: 'Record the answer (form: decision VALIDATED or REMARKS, comment): the plan acknowledgement step, once (HTML)' })
  async answer(@Param('link') link: string, @Body() body: PlanLinkAnswerDto, @Req() req: Request, @Res() res: Response) {
    const checked = await this.links.check(link, req);
    if (!checked.open) return html(res, checked.status, refusalPage(checked.refusal ?? ''));
    const comment = body.comment?.trim() || undefined;
    if (body.decision === 'REMARKS' && !comment) {
      return html(res, 400, planPage(checked.open.summary, checked.open.member, checked.open.claims.expiresAt, 'Écrivez vos remarques avant d’envoyer.'));
    }
    const answered = await this.links.answer(checked.open, body.decision, comment);
    if (!answered.summary) return html(res, answered.status, refusalPage(answered.refusal ?? ''));
    return html(res, 200, recordedPage(body.decision, answered.summary));
  }
}

function html(res: Response, status: number, page: string): void {
  res.status(status).type('text/html; charset=utf-8').send(page);
}
