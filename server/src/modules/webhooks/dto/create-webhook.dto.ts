import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook.entity';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://opd.example.go.id/hooks/wakuncar' })
  @IsString()
  @MaxLength(2000)
  // The URL itself (https, a public host, in every spelling) is checked by the service: one rule, one answer (URL_NOT_ALLOWED).
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events hanya boleh berisi ${WEBHOOK_EVENTS.join(', ')}` })
  events: WebhookEvent[];
}
