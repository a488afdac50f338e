<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One shared project, read-only, with everything shared in it. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="p" select="project"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/projects">Projects</a></nav>
    <h1><xsl:value-of select="$p/name"/></h1>
    <xsl:call-template name="hs-project-facts"/>
    <xsl:call-template name="chart-progress"><xsl:with-param name="pct" select="$p/progress"/></xsl:call-template>
    <xsl:call-template name="chart-timeline"/>
    <div class="markdown"><xsl:copy-of select="$p/overview_html/html/node()"/></div>
    <xsl:apply-templates select="deliverables|milestones|tasks" mode="section"/>
    <xsl:apply-templates select="updates|files|approvals|decisions|section|activity|team" mode="section"/>
  </xsl:template>
</xsl:stylesheet>
