import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** What the person who saw the alert says about it (what was done, who follows up). */
export class AcknowledgeAlertDto {
  @ApiPropertyOptional({ example: 'Tim puskesmas sudah turun ke RT 05' })
  @IsOptional()
  @IsString({ message: 'comment harus teks' })
  @MaxLength(1000, { message: 'comment paling panjang 1000 huruf' })
  comment?: string;
}
