import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { messageLanguage } from '../../common/language';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { JsonSchemaBodyPipe } from '../../common/json-schema-body.pipe';
import { CREATE_SUBMISSION_SCHEMA, type CreateSubmissionDto } from './dto/create-submission.dto';
import { CREATE_TEST_SUBMISSION_SCHEMA, type CreateTestSubmissionDto } from './dto/create-test-submission.dto';
import { ReviewSubmissionDto } from './dto/review-submission.dto';
import { SUBMISSION_STATUSES } from './submission.entity';
import { SubmissionsService } from './submissions.service';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  /** 201 stored; 200 when the same id and content was already stored (a safe retry). */
  @Post('themes/:slug/submissions')
  @ApiBody({ schema: CREATE_SUBMISSION_SCHEMA as object })
  async create(
    @Param('slug') slug: string,
    @Body(new JsonSchemaBodyPipe<CreateSubmissionDto>(CREATE_SUBMISSION_SCHEMA)) body: CreateSubmissionDto,
    @CurrentUser() user: User,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const result = await this.submissions.create(user, slug, body, messageLanguage(request));
    response.status(result.replayed ? 200 : 201);
    return result.submission;
  }

  /** A test fill of the draft (the designer's preview): 201 stored apart from real submissions; 422 as a real one. */
  @Post('themes/:slug/draft/test-submissions')
  @ApiBody({ schema: CREATE_TEST_SUBMISSION_SCHEMA as object })
  async createTest(
    @Param('slug') slug: string,
    @Body(new JsonSchemaBodyPipe<CreateTestSubmissionDto>(CREATE_TEST_SUBMISSION_SCHEMA)) body: CreateTestSubmissionDto,
    @CurrentUser() user: User,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const result = await this.submissions.createTest(user, slug, body, messageLanguage(request));
    response.status(result.replayed ? 200 : 201);
    return result.submission;
  }

  @Get('themes/:slug/submissions')
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'mine', required: false, description: 'true: only my own submissions' })
  @ApiQuery({ name: 'test', required: false, description: 'true: test fills of the draft' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @Param('slug') slug: string,
    @CurrentUser() user: User,
    @Query('region') region?: string,
    @Query('period') period?: string,
    @Query('mine') mine?: string,
    @Query('test') test?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.submissions.list(user, slug, { region, period, mine: mine === 'true', test: test === 'true', limit: parseLimit(limit), cursor });
  }

  /** `mine=true` (always, for a kader): the caller's own, across themes; otherwise an admin's review queue of a region subtree. */
  @Get('submissions')
  @ApiQuery({ name: 'mine', required: false, description: 'true: only my own submissions (a kader always gets only their own)' })
  @ApiQuery({ name: 'theme', required: false, description: 'a theme slug' })
  @ApiQuery({ name: 'status', required: false, enum: SUBMISSION_STATUSES })
  @ApiQuery({ name: 'region', required: false, description: 'a region code inside the caller’s subtree (its subtree is listed)' })
  @ApiQuery({ name: 'period', required: false, description: 'a period key, e.g. 2026-11' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  listAcrossThemes(
    @CurrentUser() user: User,
    @Req() request: FastifyRequest,
    @Query('mine') mine?: string,
    @Query('theme') theme?: string,
    @Query('status') status?: string,
    @Query('region') region?: string,
    @Query('period') period?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.submissions.listAcrossThemes(
      user,
      { mine: mine === 'true', theme, status, region, period, limit: parseLimit(limit), cursor },
      messageLanguage(request),
    );
  }

  @Get('submissions/:id')
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User, @Req() request: FastifyRequest) {
    return this.submissions.get(user, id, messageLanguage(request));
  }

  @Post('submissions/:id/review')
  @HttpCode(200)
  review(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReviewSubmissionDto, @CurrentUser() user: User) {
    return this.submissions.review(user, id, body.status, body.comment);
  }
}
