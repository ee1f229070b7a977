import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { EnrollmentSummary } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { IsCalendarDate, ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { AuditsPersonalData } from '../audit/audits-personal-data';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { EnrolmentsService } from './enrolments.service';

class ExemptionDto {
  @ApiProperty({ example: '長期休業のため' })
  // Checked as stored (trimmed): a reason of blanks is no reason.
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: '免除の理由を入力してください。' })
  @MaxLength(500)
  reason: string;
}

class ManualAssignmentDto {
  @ApiProperty({ example: 'WORKPLACE-DX' })
  @IsString()
  @IsNotEmpty()
  courseCode: string;

  @ApiProperty({ example: 2026 })
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  dueDate: string;
}

@ApiTags('enrolments')
@ApiBearerAuth()
@Controller()
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Allow('enrollments.own')
  @Get('me/enrollments')
  mine(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<EnrollmentSummary[]> {
    return this.enrolments.mine(user, fiscalYearFrom(query));
  }

  @Allow('staff.read')
  @Get('staff/:employeeNo/enrollments')
  @AuditsPersonalData('staff.enrollments_viewed', {
    person: 'employeeNo',
    scope: ['fiscalYear'],
    count: 'length',
  })
  ofStaff(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Query() query: FiscalYearQuery,
  ): Promise<EnrollmentSummary[]> {
    return this.enrolments.ofStaff(user, employeeNo, fiscalYearFrom(query));
  }

  @Allow('enrollments.manage')
  @Post('staff/:employeeNo/enrollments')
  @HttpCode(201)
  assign(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Body() body: ManualAssignmentDto,
  ): Promise<EnrollmentSummary> {
    return this.enrolments.assignByHand(user, employeeNo, body.courseCode, body.fiscalYear, body.dueDate);
  }

  @Allow('enrollments.manage')
  @Put('staff/:employeeNo/enrollments/:courseCode/exemption')
  exempt(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Param('courseCode') courseCode: string,
    @Query() query: FiscalYearQuery,
    @Body() body: ExemptionDto,
  ): Promise<EnrollmentSummary> {
    return this.enrolments.setExemption(
      user,
      employeeNo,
      courseCode,
      fiscalYearFrom(query),
      body.reason.trim(),
    );
  }

  @Allow('enrollments.manage')
  @Delete('staff/:employeeNo/enrollments/:courseCode/exemption')
  lift(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Param('courseCode') courseCode: string,
    @Query() query: FiscalYearQuery,
  ): Promise<EnrollmentSummary> {
    return this.enrolments.setExemption(user, employeeNo, courseCode, fiscalYearFrom(query), null);
  }
}
