import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { messageLanguage } from '../../common/language';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { clientIp, CurrentUser } from '../auth/current-user.decorator';
import { BulkCreateUsersDto } from './dto/bulk-create-users.dto';
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

  /** 201 with the users and their first passwords; a dry run answers 200 and creates nothing. */
  @Post('bulk')
  async createMany(@Body() body: BulkCreateUsersDto, @CurrentUser() actor: User, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.users.createMany(actor, body.rows, body.dryRun ?? false, messageLanguage(request), clientIp(request));
    reply.status(result.created ? 201 : 200);
    return result;
  }

  @Get()
  @ApiQuery({ name: 'q', required: false, description: 'words in the username or name' })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @CurrentUser() actor: User,
    @Query('region') region?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
    @Query('q') search?: unknown,
  ) {
    return this.users.list(actor, region, parseLimit(limit), decodeCursor(cursor), typeof search === 'string' ? search : undefined);
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: User) {
    return this.users.get(actor, id);
  }

  /** A generated password, shown once; the user's logins end. */
  @Post(':id/reset-password')
  @HttpCode(200)
  resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() actor: User, @Req() request: FastifyRequest) {
    return this.users.resetPassword(actor, id, clientIp(request));
  }

  @Patch(':id')
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: User, @Req() request: FastifyRequest) {
    return this.users.update(actor, id, body, clientIp(request));
  }
}
