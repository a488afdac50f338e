<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- The client's shared projects: search, status filter, progress. -->
  <xsl:template match="content" mode="page">
    <h1>Projects</h1>
    <xsl:call-template name="hs-project-filter">
      <xsl:with-param name="action">/projects</xsl:with-param>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="projects/project">
        <xsl:for-each select="projects"><xsl:call-template name="hs-project-table"/></xsl:for-each>
      </xsl:when>
      <xsl:when test="filter/@q != '' or filter/@status != 'all'">
        <p class="empty">No project matches.</p>
      </xsl:when>
      <xsl:otherwise><p class="empty">No projects have been shared with you yet.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
