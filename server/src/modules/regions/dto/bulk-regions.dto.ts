import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Matches } from 'class-validator';

/** Most rows one request may add: a whole kelurahan's RW, RT and dasawisma fit many times over. */
export const BULK_REGION_LIMIT = 2000;

export class BulkRegionsDto {
  @ApiProperty({ example: '18.72.05.1001', description: 'the region the rows are added under (a kelurahan, RW or RT)' })
  @IsString()
  @Matches(/^\d+(\.\d+)*$/, { message: 'parentCode: kode wilayah tidak valid' })
  parentCode: string;

  /**
   * Each row `{name, level, parent?}`: `parent` is the path of names below `parentCode` ("RW 03" or
   * "RW 03/RT 01"), empty for a direct child; a parent may be a region added by an earlier row.
   * Rows are checked one by one in the service, so every bad row is named in one answer.
   */
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [{ name: 'RW 03', level: 'rw' }, { name: 'RT 01', level: 'rt', parent: 'RW 03' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_REGION_LIMIT)
  rows: unknown[];

  @ApiPropertyOptional({ description: 'check only: answers what would be added, adds nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
