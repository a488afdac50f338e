<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One status update of a project, with its comments. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="u" select="update"/>
    <p><a href="{$base}/projects/{$u/project_id}"><xsl:value-of select="$u/project"/></a></p>
    <article class="update">
      <h1><xsl:value-of select="$u/title"/></h1>
      <p class="small"><xsl:value-of select="$u/author"/> · <span class="when"><xsl:value-of select="$u/when"/></span></p>
      <div class="markdown"><xsl:copy-of select="$u/body/html/node()"/></div>
    </article>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/updates/', $u/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
