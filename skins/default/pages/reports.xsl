<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="reports-parts.xsl"/>
  <!-- The reports Overview: every module's panel for the period. -->
  <xsl:template match="content" mode="page">
    <xsl:call-template name="reports-head">
      <xsl:with-param name="title">Reports</xsl:with-param>
      <xsl:with-param name="path">/staff/reports</xsl:with-param>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="panels/panel">
        <xsl:apply-templates select="panels/panel" mode="report"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="title">No report panels.</xsl:with-param><xsl:with-param name="text">The modules in service add none.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
