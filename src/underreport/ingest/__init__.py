"""Turn users' files into canonical payroll and enrolment tables."""
