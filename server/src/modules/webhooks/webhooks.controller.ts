import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** 201 with the signing `secret`, shown this once. */
  @Post('themes/:slug/webhooks')
  create(@Param('slug') slug: string, @Body() body: CreateWebhookDto, @CurrentUser() user: User) {
    return this.webhooks.create(user, slug, body);
  }

  @Get('themes/:slug/webhooks')
  list(@Param('slug') slug: string, @CurrentUser() user: User) {
    return this.webhooks.list(user, slug);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    await this.webhooks.deactivate(user, id);
  }

  /** The delivery log, newest first. */
  @Get('webhooks/:id/deliveries')
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  deliveries(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.webhooks.deliveries(user, id, parseLimit(limit), cursor);
  }

  /** Sends a delivery that gave up once more (200 with the delivery, now pending); 409 when it has not failed. */
  @Post('webhooks/:id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  redeliver(@Param('id', new ParseUUIDPipe()) id: string, @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string, @CurrentUser() user: User) {
    return this.webhooks.redeliver(user, id, deliveryId);
  }
}
