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
        <xsl:call-template name="empty"><xsl:with-param name="icon">search</xsl:with-param><xsl:with-param name="title">No project matches.</xsl:with-param><xsl:with-param name="text">Try other words or another status.</xsl:with-param><xsl:with-param name="href">/projects?status=all</xsl:with-param><xsl:with-param name="label">Show all projects</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">folder</xsl:with-param><xsl:with-param name="title">No projects have been shared with you yet.</xsl:with-param><xsl:with-param name="text">When your team shares a project, its progress, milestones and files show here.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
