import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { Public } from '../auth/auth.guard';

type Check = { status: 'up' } | { status: 'down'; error: string };

async function check(probe: () => Promise<unknown>): Promise<Check> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref());
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message.split('\n')[0] };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 when PostgreSQL and Temporal are reachable; 503 naming what is down' })
  @ApiResponse({ status: 200, description: 'everything reachable' })
  @ApiResponse({ status: 503, description: 'database or temporal down' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const down = [database.status === 'down' ? 'database' : null, temporal.status === 'down' ? 'temporal' : null].filter(Boolean);
    res.status(down.length ? 503 : 200);
    return { status: down.length ? `down: ${down.join(', ')}` : 'ok', database, temporal };
  }
}
