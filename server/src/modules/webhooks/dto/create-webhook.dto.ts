import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook.entity';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://opd.example.go.id/hooks/wakuncar' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url harus alamat http(s) yang sah' })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events hanya boleh berisi ${WEBHOOK_EVENTS.join(', ')}` })
  events: WebhookEvent[];
}
