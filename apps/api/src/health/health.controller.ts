import { BeforeApplicationShutdown, Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { readiness, readSettings } from '@pathway/config';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { Public } from '../auth/auth.guard';

/**
 * Liveness (`/health/live`: the process answers) and readiness (`/health/ready`, and `/health` as before:
 * PostgreSQL and Temporal answer, and the API is not shutting down). On SIGTERM readiness turns false
 * first, for SHUTDOWN_DELAY_MS, while requests are still served; then Nest stops accepting connections,
 * lets those in flight finish, and closes the database and Temporal connections.
 */
@ApiTags('health')
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Health');
  private shuttingDown = false;

  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'readiness, as /health/ready (kept for the clients of the first route)' })
  @ApiResponse({ status: 200, description: 'everything reachable' })
  @ApiResponse({ status: 503, description: 'database or temporal down, or shutting down' })
  health(@Res({ passthrough: true }) res: Response) {
    return this.ready(res);
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: '200 when PostgreSQL and Temporal are reachable; 503 naming what is down, or while shutting down' })
  @ApiResponse({ status: 200, description: 'ready: send it requests' })
  @ApiResponse({ status: 503, description: 'database or temporal down, or shutting down' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ready, ...answer } = await readiness(
      { database: () => this.db.query('SELECT 1'), temporal: () => this.temporal.workflowService.getSystemInfo({}) },
      this.shuttingDown ? 'shutting down' : undefined,
    );
    res.status(ready ? 200 : 503);
    return answer;
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: '200 while the process serves HTTP, whatever its dependencies' })
  @ApiResponse({ status: 200, description: 'alive' })
  live() {
    return { status: 'ok' };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    const { SHUTDOWN_DELAY_MS: delayMs } = readSettings(['SHUTDOWN_DELAY_MS']);
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: not ready; closing in ${delayMs} ms`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
