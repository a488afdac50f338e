<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="reports-parts.xsl"/>
  <!-- One health score per client, worst first, explained. -->
  <xsl:template match="content" mode="page">
    <xsl:call-template name="reports-head">
      <xsl:with-param name="title">Client health</xsl:with-param>
      <xsl:with-param name="path">/staff/reports/health</xsl:with-param>
    </xsl:call-template>
    <p>Every client starts at 100 and loses points for each factor: the points per unit over the units that cost nothing, up to the factor's most. The previous period is the same number of days just before this one.<xsl:if test="$role = 'admin'"><xsl:text> </xsl:text><a href="{$base}/staff/reports/health/factors">Change the factors</a>.</xsl:if></p>
    <xsl:apply-templates select="panels/panel" mode="report"/>
  </xsl:template>
</xsl:stylesheet>
