<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="reports-parts.xsl"/>
  <!-- What waits on each staff member, and who is over their usual load. -->
  <xsl:template match="content" mode="page">
    <xsl:call-template name="reports-head">
      <xsl:with-param name="title">Workload</xsl:with-param>
      <xsl:with-param name="path">/staff/reports/workload</xsl:with-param>
    </xsl:call-template>
    <p>A person is over the usual load when their load (the sum of the columns that count) is more than 1.5 times the team's median load and at least 3 more.</p>
    <xsl:apply-templates select="panels/panel" mode="report"/>
  </xsl:template>
</xsl:stylesheet>
