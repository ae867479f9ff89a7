import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { clientIp, CurrentUser } from '../auth/current-user.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import type { User } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() body: CreateUserDto, @CurrentUser() actor: User, @Req() request: FastifyRequest) {
    return this.users.create(actor, body, clientIp(request));
  }

  @Get()
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentUser() actor: User, @Query('region') region?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.users.list(actor, region, parseLimit(limit), decodeCursor(cursor));
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: User) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: User, @Req() request: FastifyRequest) {
    return this.users.update(actor, id, body, clientIp(request));
  }
}
