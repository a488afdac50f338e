<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The form to post a status update to a project. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/projects/{project/@id}"><xsl:value-of select="project/@name"/></a></nav>
    <h1>Post an update</h1>
    <form method="post" action="{$base}/staff/updates" class="stack">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="project" value="{project/@id}"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">title</xsl:with-param>
        <xsl:with-param name="label">Title</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">body</xsl:with-param>
        <xsl:with-param name="label">Update</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">Markdown: **bold**, _italic_, lists, links.</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label><input type="checkbox" name="visible" value="1">
          <xsl:if test="form/field[@name = 'visible']/@value = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input> Share with the client now (otherwise internal)</label>
      </div>
      <p><button type="submit" class="primary">Post</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
