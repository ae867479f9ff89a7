import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when everything in use is up, 503 naming what is down. */
  @Get()
  async check(@Res({ passthrough: true }) response: FastifyReply) {
    const report = await this.health.check();
    if (report.down.length) response.status(503);
    return report;
  }
}
