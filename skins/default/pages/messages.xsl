<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The contact's conversations with the team, and the form to start one. -->
  <xsl:template match="content" mode="page">
    <h1>Messages</h1>
    <xsl:choose>
      <xsl:when test="threads/thread">
        <ul class="thread-list list">
          <xsl:for-each select="threads/thread">
            <li id="thread-{id}">
              <xsl:if test="unread = '1'"><xsl:attribute name="class">unread</xsl:attribute></xsl:if>
              <a href="{$base}/messages/{id}"><xsl:value-of select="subject"/></a>
              <xsl:if test="unread = '1'"><xsl:text> </xsl:text><span class="badge badge-needs-review">New</span></xsl:if>
              <p class="small">
                <xsl:if test="project"><xsl:value-of select="project"/><xsl:text> · </xsl:text></xsl:if>
                <span class="when"><xsl:value-of select="when"/></span>
              </p>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="icon">message</xsl:with-param>
          <xsl:with-param name="title">No conversations yet.</xsl:with-param>
          <xsl:with-param name="text">Write to your team below; replies show here and reach you by e-mail.</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <h2 id="new-h">Write to the team</h2>
    <form method="post" action="{$base}/messages" enctype="multipart/form-data" class="stack" aria-labelledby="new-h">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">subject</xsl:with-param>
        <xsl:with-param name="label">Subject</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:if test="projects/project">
        <div class="field">
          <label for="f-project">Project (optional)</label>
          <select id="f-project" name="project">
            <option value="">No project</option>
            <xsl:for-each select="projects/project">
              <option value="{id}"><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <xsl:call-template name="field">
        <xsl:with-param name="name">body</xsl:with-param>
        <xsl:with-param name="label">Message</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">Markdown.</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">file1</xsl:with-param>
        <xsl:with-param name="label">Attachment (optional)</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit" class="primary">Send</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
