import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LOCAL_LEVELS, RegionLevel } from '../region.entity';

export class CreateRegionDto {
  @ApiProperty({ example: 'RW 01' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ enum: LOCAL_LEVELS })
  @IsIn(LOCAL_LEVELS)
  level: RegionLevel;

  @ApiProperty({ example: '18.72.05.1001' })
  @IsString()
  @Matches(/^\d+(\.\d+)*$/, { message: 'parentCode: kode wilayah tidak valid' })
  parentCode: string;
}
