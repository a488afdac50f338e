<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One update for the team: share it, edit it, comment on it. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="u" select="update"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/projects/{$u/project_id}"><xsl:value-of select="$u/project"/></a> · <xsl:value-of select="$u/client"/></nav>
    <h1><xsl:value-of select="$u/title"/><xsl:text> </xsl:text>
      <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="$u/visible"/></xsl:call-template></h1>
    <p class="small"><xsl:value-of select="$u/author"/> · <span class="when"><xsl:value-of select="$u/when"/></span></p>
    <form method="post" action="{$base}/staff/updates/{$u/id}/share" class="inline">
      <xsl:call-template name="csrf"/>
      <xsl:choose>
        <xsl:when test="$u/visible = '1'"><button type="submit">Stop sharing</button></xsl:when>
        <xsl:otherwise><input type="hidden" name="visible" value="1"/><button type="submit" class="primary">Share with the client</button></xsl:otherwise>
      </xsl:choose>
    </form>
    <div class="markdown"><xsl:copy-of select="$u/body/html/node()"/></div>
    <h2>Edit</h2>
    <form method="post" action="{$base}/staff/updates/{$u/id}" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">title</xsl:with-param>
        <xsl:with-param name="label">Title</xsl:with-param>
        <xsl:with-param name="value" select="$u/title"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">body</xsl:with-param>
        <xsl:with-param name="label">Update</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="value" select="source"/>
        <xsl:with-param name="hint">Markdown: **bold**, _italic_, lists, links.</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <p><button type="submit">Save</button></p>
    </form>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/staff/updates/', $u/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
