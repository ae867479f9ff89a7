import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional } from 'class-validator';
import { BULK_USERS_MAX, type BulkUserInput } from '../bulk-users';

export class BulkCreateUsersDto {
  @ApiProperty({
    description: `1–${BULK_USERS_MAX} rows {displayName, username, role, regionCode}; each is checked and reported by row`,
    example: [{ displayName: 'Siti Aminah', username: 'siti.aminah', role: 'kader', regionCode: '18.72.05.1001' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_USERS_MAX)
  @IsObject({ each: true })
  rows: BulkUserInput[];

  @ApiPropertyOptional({ description: 'check the rows only; nothing is created' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
